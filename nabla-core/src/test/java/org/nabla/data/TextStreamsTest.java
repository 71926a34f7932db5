package org.nabla.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streams for truncated BPTT, the character vocabulary and the text corpus's checks. */
class TextStreamsTest {
    @Test
    void rowBOfEachBatchContinuesRowBOfThePrevious() {
        int[] tokens = new int[23];
        for (int i = 0; i < tokens.length; i++) tokens[i] = i;
        TextStreams s = new TextStreams(tokens, 2, 3); // streams of (23-1)/2 = 11 tokens: 3 chunks of 3
        assertThat(s.chunks()).isEqualTo(3);
        assertThat(s.size()).isEqualTo(6);
        DataLoader loader = DataLoader.builder(s).batchSize(2).build();
        long[][] rows = new long[2][];
        int k = 0;
        for (Batch b : loader) {
            long[] x = b.x().toLongArray(), y = b.y().toLongArray();
            // stream 0 starts at 0, stream 1 at 11; chunk k at 3k
            assertThat(x).containsExactly(3L * k, 3L * k + 1, 3L * k + 2, 11 + 3L * k, 12 + 3L * k, 13 + 3L * k);
            for (int i = 0; i < x.length; i++) assertThat(y[i]).isEqualTo(x[i] + 1);
            k++;
        }
        assertThat(k).isEqualTo(3);
        assertThatThrownBy(() -> new TextStreams(tokens, 8, 3)).hasMessageContaining("too few for 8 streams");
    }

    @Test
    void vocabularyIsSortedAndRefusesUnknownCharacters() {
        CharVocabulary v = CharVocabulary.of("hello world");
        assertThat(v.characters()).isEqualTo(" dehlorw");
        assertThat(v.decode(v.encode("world hello"))).isEqualTo("world hello");
        assertThat(CharVocabulary.ofCharacters(v.characters()).encode("low")).containsExactly(v.encode("low"));
        assertThatThrownBy(() -> v.encode("hi")).hasMessage("character 'i' (U+0069) at position 1 is not in the vocabulary");
        assertThatThrownBy(() -> v.encode("a\tb")).hasMessageStartingWith("character 'a' (U+0061) at position 0");
        assertThatThrownBy(() -> CharVocabulary.ofCharacters("ba")).hasMessageContaining("distinct and sorted");
    }

    @Test
    void corpusRefusesEmptyAndBinaryFilesAndSplitsByPosition(@TempDir Path dir) throws IOException {
        Path empty = Files.write(dir.resolve("empty.txt"), new byte[0]);
        assertThatThrownBy(() -> TextCorpus.load(empty)).hasMessage(empty + ": the file is empty: a corpus needs text");
        Path binary = Files.write(dir.resolve("a.bin"), new byte[] {'a', 0, 'b'});
        assertThatThrownBy(() -> TextCorpus.load(binary)).hasMessageContaining("a NUL byte at offset 1: this is a binary file");
        Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9});
        assertThatThrownBy(() -> TextCorpus.load(latin1)).hasMessageContaining("not UTF-8 text");
        assertThatThrownBy(() -> TextCorpus.load(dir.resolve("none.txt"))).hasMessageEndingWith("none.txt: no such file");
        Path text = Files.writeString(dir.resolve("t.txt"), "abcdefghij", StandardCharsets.UTF_8);
        TextCorpus.Split split = TextCorpus.load(text).split(0.8);
        assertThat(split.train()).isEqualTo("abcdefgh");
        assertThatThrownBy(() -> TextCorpus.load(text).split(0.95)).hasMessageContaining("too few to split");
    }
}
