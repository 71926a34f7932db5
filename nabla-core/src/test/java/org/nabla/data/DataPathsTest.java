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

    @Test
    void systemFoldersComeAfterTheDataRoot() {
        assertThat(DataPaths.SYSTEM_ROOTS).contains("/usr/share/datasets");
        System.setProperty(DataPaths.SYSTEM_PROPERTY, "/opt/a" + java.io.File.pathSeparator + " /opt/b ");
        try {
            assertThat(DataPaths.searchPath("mnist")).containsExactly(DataPaths.dataset("mnist"), Path.of("/opt/a/mnist"), Path.of("/opt/b/mnist"));
        } finally {
            System.clearProperty(DataPaths.SYSTEM_PROPERTY);
        }
    }

    @Test
    void aReasonIsNeverNull() {
        assertThat(DataPaths.reason(new java.io.IOException("disk full"))).isEqualTo("disk full");
        assertThat(DataPaths.reason(new java.net.ConnectException())).isEqualTo("ConnectException");
        assertThat(DataPaths.reason(new java.net.ConnectException().initCause(new java.net.ConnectException()))).isEqualTo("ConnectException");
        assertThat(DataPaths.reason(new java.io.IOException(null, new java.nio.channels.UnresolvedAddressException())))
                .isEqualTo("IOException (UnresolvedAddressException)");
        assertThat(DataPaths.reason(new java.io.IOException(null, new java.io.IOException("no route to host"))))
                .isEqualTo("IOException: no route to host");
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
