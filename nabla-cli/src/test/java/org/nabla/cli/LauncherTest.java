package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code nabla} launcher script, run in a copy of the project's layout with a stand-in {@code java} that prints
 * what the JVM does (the incubator warning, then the program's own lines) and exits 2.
 */
class LauncherTest {
    static final String WARNING = "WARNING: Using incubator modules: jdk.incubator.vector";

    @TempDir Path root;

    @Test
    void stderrIsTheProgramsOwnLinesWithoutTheIncubatorWarningAndTheExitCodeIsJavas() throws IOException, InterruptedException {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        assumeTrue(Files.isRegularFile(repo.resolve("nabla")) && Files.isRegularFile(Path.of("/bin/bash")), "needs the launcher and bash");
        Files.copy(repo.resolve("nabla"), root.resolve("nabla"));
        Files.createDirectories(root.resolve("scripts"));
        Files.copy(repo.resolve("scripts/find-jdk.sh"), root.resolve("scripts/find-jdk.sh"));
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Files.createDirectories(root.resolve("nabla-core"));
        Path jar = Files.createDirectories(root.resolve("nabla-cli/target")).resolve("nabla.jar");
        Files.writeString(jar, "stand-in");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 60_000)); // newer than the sources: no build
        Path java = Files.createDirectories(root.resolve("jdk/bin")).resolve("java");
        Files.writeString(java, """
                #!/bin/bash
                if [[ $1 == -version ]]; then echo 'openjdk version "25.0.1" 2025-10-21' >&2; exit 0; fi
                echo '%s' >&2
                echo 'to stdout'
                echo 'nabla train: --threads must be from 1 to 16, got 0' >&2
                read -r line; echo "stdin: $line"
                exit 2
                """.formatted(WARNING));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", root.resolve("nabla").toString(), "train", "--threads", "0");
        pb.environment().put("JAVA_HOME", root.resolve("jdk").toString());
        Process p = pb.start();
        p.getOutputStream().write("typed\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(err).isEqualTo(2);
        assertThat(err).isEqualTo("nabla train: --threads must be from 1 to 16, got 0\n");
        assertThat(out).isEqualTo("to stdout\nstdin: typed\n");
    }

    @Test
    void runningOutOfHeapIsOneLineSayingHowToRaiseIt() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-Xmx96m", "-cp", System.getProperty("java.class.path"),
                NablaCommand.class.getName(), "summary", "vgg16");
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).replace(WARNING + "\n", "");
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).as(err).isEqualTo(1);
        assertThat(err).startsWith("nabla: out of memory").contains("NABLA_JAVA_OPTS=-Xmx4g").doesNotContain("\tat ");
        assertThat(err.strip().lines().count()).isEqualTo(1);
    }
}
