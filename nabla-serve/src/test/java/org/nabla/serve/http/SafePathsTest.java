package org.nabla.serve.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafePathsTest {
    @TempDir
    Path tmp;

    @Test
    void resolvesInsideTheRootAndNothingThatLeavesIt() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("runs/a"));
        Files.writeString(root.resolve("steps.csv"), "step\n");
        Files.writeString(tmp.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(root.resolve("out.txt"), tmp.resolve("secret.txt"));
        Files.createSymbolicLink(tmp.resolve("runs/outdir"), tmp);
        Files.createSymbolicLink(root.resolve("in.csv"), root.resolve("steps.csv"));
        SafePaths paths = new SafePaths(tmp.resolve("runs"));

        assertThat(paths.resolve(List.of("a", "steps.csv"))).isEqualTo(root.resolve("steps.csv").toRealPath());
        assertThat(paths.resolve(List.of("a", "in.csv"))).as("a link that stays inside").isNotNull();
        assertThat(paths.resolve(List.of("a", "out.txt"))).as("a link to a file outside").isNull();
        assertThat(paths.resolve(List.of("outdir", "secret.txt"))).as("a link to a folder outside").isNull();
        assertThat(paths.resolve(List.of("..", "secret.txt"))).isNull();
        assertThat(paths.resolve(List.of("a", "../../secret.txt"))).isNull();
        assertThat(paths.resolve(List.of(tmp.resolve("secret.txt").toString()))).as("an absolute path").isNull();
        assertThat(paths.resolve(List.of("a", "missing"))).isNull();
    }
}
