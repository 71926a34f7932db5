package org.nabla.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumsTest {
    @TempDir Path dir;
    static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"; // sha256("abc")

    @Test
    void sha256AndSumsFiles() throws IOException {
        Path f = Files.writeString(dir.resolve("abc.bin"), "abc");
        assertThat(Checksums.sha256(f)).isEqualTo(ABC);
        Path sums = Files.writeString(dir.resolve("SHA256SUMS"), ABC + "  abc.bin\n" + ABC.replace('b', 'c') + " *other.bin\n");
        assertThat(Checksums.parseSums(sums)).containsEntry("abc.bin", ABC).containsKey("other.bin");
        Checksums.verify(f, sums);
        Path other = Files.writeString(dir.resolve("other.bin"), "abc");
        assertThatThrownBy(() -> Checksums.verify(other, sums)).hasMessageStartingWith(other + ": SHA-256 mismatch: expected ca7816cf");
        Path missing = Files.writeString(dir.resolve("x.bin"), "");
        assertThatThrownBy(() -> Checksums.verify(missing, sums)).hasMessage(sums + ": no checksum listed for x.bin");
    }

    @Test
    void downloaderVerifiesAndMovesIntoPlace() throws IOException {
        Path src = Files.writeString(dir.resolve("src.bin"), "abc");
        Path target = dir.resolve("data/mnist/abc.bin");
        ChecksumDownloader d = ChecksumDownloader.http(); // reads file: URIs without the network
        d.fetch(src.toUri(), target, ABC.toUpperCase());
        assertThat(Files.readString(target)).isEqualTo("abc");
        // A wrong checksum leaves the existing target untouched and no partial file behind.
        Files.writeString(src, "abd");
        assertThatThrownBy(() -> d.fetch(src.toUri(), dir.resolve("data/mnist/new.bin"), ABC))
                .hasMessageContaining("SHA-256 mismatch: expected " + ABC);
        assertThat(Files.exists(dir.resolve("data/mnist/new.bin"))).isFalse();
        try (var s = Files.list(target.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("abc.bin");
        }
    }

    @Test
    void existingGoodFileIsKeptAndOfflineErrorsSayWhatToDo() throws IOException {
        Path target = Files.writeString(dir.resolve("abc.bin"), "abc");
        int[] opened = {0};
        ChecksumDownloader d = new ChecksumDownloader(uri -> {
            opened[0]++;
            throw new NoSuchFileException(uri.toString());
        });
        d.fetch(URI.create("https://example.invalid/abc.bin"), target, ABC);
        assertThat(opened[0]).isZero();
        assertThatThrownBy(() -> d.fetch(URI.create("https://example.invalid/x.bin"), dir.resolve("x.bin"), ABC))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot download https://example.invalid/x.bin to " + dir.resolve("x.bin"))
                .hasMessageContaining("put the file there by hand");
        assertThat(Files.exists(dir.resolve("x.bin"))).isFalse();
    }
}
