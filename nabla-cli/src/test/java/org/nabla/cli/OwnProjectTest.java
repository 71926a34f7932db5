package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's "Using Nabla in your own project", as a user follows it: the freshly built nabla-core jar and its poms
 * installed into a private local repository, a small outside Maven project with README's dependency snippet
 * compiled against it and run with README's JVM flag, and README's JShell session fed to jshell.
 */
class OwnProjectTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String FLAG = "--add-modules jdk.incubator.vector";
    /** By its full name: a prefix would need plugin metadata that a local repository does not hold. */
    private static final String INSTALL_FILE = "org.apache.maven.plugins:maven-install-plugin:3.1.3:install-file";
    @TempDir static Path tmp;
    private static String readme, version;
    private static Path coreJar;

    @BeforeAll
    static void findTheArtefacts() throws IOException {
        readme = Files.readString(ROOT.resolve("README.md"));
        Properties p = new Properties();
        try (InputStream in = OwnProjectTest.class.getResourceAsStream("version.properties")) {
            p.load(in);
        }
        version = p.getProperty("version");
        coreJar = ROOT.resolve("nabla-core/target/nabla-core-" + version + ".jar");
        if (!Files.isRegularFile(coreJar)) coreJar = jarOf(ROOT.resolve("nabla-core/target/classes")); // `mvn test` packages nothing
    }

    /** The body of README's fenced block of {@code language} that contains {@code marker}. */
    private static String block(String language, String marker) {
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        while (m.find()) if (m.group(1).contains(marker)) return m.group(1);
        throw new AssertionError("README.md has no " + language + " block containing " + marker);
    }

    @Test
    void mavenSnippetBuildsAnOutsideProgramThatRunsWithTheFlag() throws Exception {
        String dependency = block("xml", "<artifactId>nabla-core</artifactId>");
        assertThat(dependency).contains("<version>" + version + "</version>");
        Path repo = tmp.resolve("repository"), settings = tmp.resolve("settings.xml"), project = tmp.resolve("hello");
        // A private local repository, filled from the user's own: nothing reaches the network or changes ~/.m2.
        String buildRepo = System.getProperty("nabla.localRepository"); // set by the pom; absent when run from an IDE
        Path userRepo = buildRepo != null && !buildRepo.isBlank() ? Path.of(buildRepo) : Path.of(System.getProperty("user.home"), ".m2", "repository");
        Files.writeString(settings, """
                <settings>
                  <localRepository>%s</localRepository>
                  <mirrors><mirror><id>local</id><mirrorOf>*</mirrorOf><url>%s</url></mirror></mirrors>
                </settings>
                """.formatted(repo, userRepo.toUri()));
        mvn(tmp, settings, INSTALL_FILE, "-Dfile=" + ROOT.resolve("pom.xml"), "-DpomFile=" + ROOT.resolve("pom.xml"),
                "-Dpackaging=pom");
        mvn(tmp, settings, INSTALL_FILE, "-Dfile=" + coreJar, "-DpomFile=" + ROOT.resolve("nabla-core/pom.xml"));

        Files.createDirectories(project.resolve("src/main/java"));
        Files.writeString(project.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>org.example</groupId>
                  <artifactId>hello-nabla</artifactId>
                  <version>1.0</version>
                  <properties>
                    <maven.compiler.release>25</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <dependencies>
                %s  </dependencies>
                  <build><plugins>
                    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                    <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version></plugin>
                  </plugins></build>
                </project>
                """.formatted(dependency));
        // README's tensor example (ReadmeExampleTest checks what it prints in-process) as a program of its own
        String example = block("java", "loss.backward()");
        String imports = example.lines().filter(l -> l.startsWith("import ")).reduce("", (a, l) -> a + l + "\n");
        String body = example.lines().filter(l -> !l.startsWith("import ")).reduce("", (a, l) -> a + "        " + l + "\n");
        Files.writeString(project.resolve("src/main/java/Main.java"),
                imports + "\npublic class Main {\n    public static void main(String[] args) {\n" + body + "    }\n}\n");
        mvn(project, settings, "compile");

        Path jar = repo.resolve("org/nabla/nabla-core/" + version + "/nabla-core-" + version + ".jar");
        assertThat(jar).isRegularFile();
        List<String> command = new ArrayList<>(List.of(java("java")));
        command.addAll(List.of(FLAG.split(" ")));
        command.addAll(List.of("-cp", project.resolve("target/classes") + java.io.File.pathSeparator + jar, "Main"));
        Result run = run(project, command, null);
        assertThat(run.out().lines().toList()).as(run.err()).containsExactly("20.3125", "tensor([20.0000, 28.5000])", "tensor(8.5000)");
        assertThat(readme).contains("`" + FLAG + "`");
    }

    @Test
    void gradleSnippetNamesTheSameArtefactAndFlag() {
        String gradle = block("kotlin", "implementation(");
        assertThat(gradle).contains("mavenLocal()").contains("implementation(\"org.nabla:nabla-core:" + version + "\")")
                .contains("jvmArgs(\"--add-modules\", \"jdk.incubator.vector\"");
    }

    @Test
    void jshellSessionPrintsWhatTheReadmeShows() throws Exception {
        String session = block("text", "jshell>");
        List<String> lines = session.lines().toList();
        assertThat(lines.getFirst()).startsWith("$ jshell --class-path nabla-core/target/nabla-core-" + version + ".jar")
                .contains("-R--add-modules=jdk.incubator.vector");
        List<String> input = new ArrayList<>(), expected = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.startsWith("jshell> ")) input.add(line.substring("jshell> ".length()));
            else if (!line.isBlank()) expected.add(line);
        }
        input.add("/exit");
        Result r = run(tmp, List.of(java("jshell"), "-q", "--class-path", coreJar.toString(), "-R--add-modules=jdk.incubator.vector"),
                String.join("\n", input) + "\n");
        List<String> printed = Stream.of(r.out().split("jshell> ")).flatMap(String::lines).filter(l -> !l.isBlank()).toList();
        assertThat(printed).as(r.out() + r.err()).containsExactlyElementsOf(expected);
    }

    private record Result(String out, String err) {}

    /** Runs Maven (the one running this build, found on the PATH) quietly with JAVA_HOME at this JDK. */
    private static void mvn(Path dir, Path settings, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q", "-s", settings.toString()));
        command.addAll(List.of(args));
        run(dir, command, null);
    }

    private static Result run(Path dir, List<String> command, String stdin) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("MAVEN_OPTS", "--sun-misc-unsafe-memory-access=allow");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Path out = Files.createTempFile(tmp, "out", ".txt"), err = Files.createTempFile(tmp, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as(String.join(" ", command) + " finished").isTrue();
        Result r = new Result(Files.readString(out), Files.readString(err));
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + r.out() + r.err()).isZero();
        return r;
    }

    private static String java(String tool) { return Path.of(System.getProperty("java.home"), "bin", tool).toString(); }

    /** A jar of a classes folder. */
    private static Path jarOf(Path classes) throws IOException {
        Path jar = tmp.resolve("nabla-core.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new java.util.jar.JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
