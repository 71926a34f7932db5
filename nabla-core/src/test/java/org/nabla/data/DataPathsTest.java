package org.nabla.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DataPathsTest {

    @Test
    void defaultsToDotNablaDataInTheHomeDirectory() {
        assertThat(DataPaths.root(null, "/home/ada")).isEqualTo(Path.of("/home/ada/.nabla/data"));
        assertThat(DataPaths.root("  ", "/home/ada")).isEqualTo(Path.of("/home/ada/.nabla/data"));
    }

    @Test
    void usesNablaDataWhenSet() {
        assertThat(DataPaths.root("/srv/datasets/", "/home/ada")).isEqualTo(Path.of("/srv/datasets"));
        assertThat(DataPaths.root("/srv/ci/../shared/data", "/home/ada")).isEqualTo(Path.of("/srv/shared/data"));
    }

    @Test
    void expandsALeadingTildeAndResolvesRelativePaths() {
        assertThat(DataPaths.root("~", "/home/ada")).isEqualTo(Path.of("/home/ada"));
        assertThat(DataPaths.root("~/data", "/home/ada")).isEqualTo(Path.of("/home/ada/data"));
        assertThat(DataPaths.root("data", "/home/ada")).isEqualTo(Path.of("").toAbsolutePath().resolve("data"));
    }

    @Test
    void rootFollowsTheEnvironmentAndDatasetsAreSubdirectories() {
        Path expected = DataPaths.root(System.getenv("NABLA_DATA"), System.getProperty("user.home"));
        assertThat(DataPaths.root()).isEqualTo(expected);
        assertThat(DataPaths.dataset("mnist")).isEqualTo(expected.resolve("mnist"));
    }

    /** Where the shared data is present (CI sets NABLA_DATA), the bundled digits must be the same file. */
    @Test
    void bundledDigitsMatchTheSharedCopy() throws Exception {
        Path shared = DataPaths.dataset("digits8x8").resolve("digits.csv.gz");
        assumeTrue(Files.isRegularFile(shared), "no digits8x8 under " + DataPaths.root());
        try (InputStream bundled = Digits.class.getResourceAsStream(Digits.RESOURCE)) {
            assertThat(bundled.readAllBytes()).isEqualTo(Files.readAllBytes(shared));
        }
    }
}
