package org.nabla.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every op the main sources record with {@code Node.record(out, "Name", ...)} must be claimed by a
 * {@link GradChecked} test method; {@link GradCoverage} makes sure each claim is backed by a passing GradCheck
 * whose graph contained the op. A new op without a gradient test fails here.
 */
class GradCheckCoverageTest {
    private static final Path MAIN_SOURCES = Path.of("src/main/java");
    // The op name is the second argument; it may be a conditional over several literals ("Amax" or "Amin").
    private static final Pattern RECORD_CALL = Pattern.compile("Node\\.record\\(\\s*[^,]+,\\s*([^,]+),");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"(\\w+)\"");
    private static final Pattern COMMENT = Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*");

    @Test
    void everyRecordedOpHasAGradientCheck() throws Exception {
        Set<String> recorded = recordedOps();
        assertThat(recorded).as("ops found in " + MAIN_SOURCES.toAbsolutePath()).contains("Add", "Mm", "Softmax");

        Set<String> claimed = claimedOps();
        Set<String> unchecked = new TreeSet<>(recorded);
        unchecked.removeAll(claimed);
        assertThat(unchecked).as("ops recorded in the main sources without a @GradChecked test").isEmpty();
        Set<String> unknown = new TreeSet<>(claimed);
        unknown.removeAll(recorded);
        assertThat(unknown).as("ops claimed by @GradChecked tests that no main source records").isEmpty();
    }

    /** The op names of every Node.record call outside comments. */
    private static Set<String> recordedOps() throws IOException {
        Set<String> ops = new TreeSet<>();
        try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String code = COMMENT.matcher(Files.readString(file)).replaceAll("");
                Matcher call = RECORD_CALL.matcher(code);
                while (call.find()) {
                    Matcher name = STRING_LITERAL.matcher(call.group(1));
                    boolean any = false;
                    while (name.find()) {
                        ops.add(name.group(1));
                        any = true;
                    }
                    assertThat(any).as("an op name literal in " + file + ": Node.record(..., " + call.group(1) + ", ...)").isTrue();
                }
            }
        }
        return ops;
    }

    /** The op names claimed by @GradChecked methods of the compiled test classes. */
    private static Set<String> claimedOps() throws IOException, URISyntaxException, ClassNotFoundException {
        Path testClasses = Path.of(GradCheckCoverageTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> claimed = new TreeSet<>();
        List<Path> classFiles;
        try (Stream<Path> files = Files.walk(testClasses)) {
            classFiles = files.filter(p -> p.toString().endsWith(".class")).toList();
        }
        ClassLoader loader = GradCheckCoverageTest.class.getClassLoader();
        for (Path file : classFiles) {
            String name = testClasses.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".").replaceAll("\\.class$", "");
            Class<?> cls = Class.forName(name, false, loader);
            List<Method> claiming = new ArrayList<>();
            for (Method m : cls.getDeclaredMethods()) if (m.isAnnotationPresent(GradChecked.class)) claiming.add(m);
            if (claiming.isEmpty()) continue;
            ExtendWith ext = cls.getAnnotation(ExtendWith.class);
            assertThat(ext != null && List.of(ext.value()).contains(GradCoverage.class))
                    .as(cls.getName() + " has @GradChecked methods, so it needs @ExtendWith(GradCoverage.class) to verify them").isTrue();
            for (Method m : claiming) claimed.addAll(List.of(m.getAnnotation(GradChecked.class).value()));
        }
        return claimed;
    }
}
