package org.nabla.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir Path dir;

    /** A process killed with -9 between creating its temp file and the rename leaves the temp file behind. */
    @Test
    void theNextWriteOfAFileRemovesTheTempFilesAKilledWriterLeft() throws IOException {
        Path stale = Files.writeString(dir.resolve(".summary.json.123456789.tmp"), "half of a summary");
        Path otherTarget = Files.writeString(dir.resolve(".summary.json.bak.987.tmp"), "a temp of summary.json.bak");
        Path notATemp = Files.writeString(dir.resolve(".summary.json.notes"), "the user's");
        AtomicFiles.write(dir.resolve("summary.json"), "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(dir.resolve("summary.json"))).isEqualTo("{}");
        assertThat(stale).doesNotExist();
        assertThat(otherTarget).exists(); // only the written file's own temps go
        assertThat(notATemp).exists();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("summary.json", ".summary.json.bak.987.tmp",
                    ".summary.json.notes");
        }
    }
}
