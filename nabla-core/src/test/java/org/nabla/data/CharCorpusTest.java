package org.nabla.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.nabla.tensor.DType;

class CharCorpusTest {
    @Test
    void vocabularyEncodeDecodeAndNextCharTargets() {
        CharCorpus c = new CharCorpus("hello world", 4);
        assertThat(c.vocabulary()).isEqualTo(" dehlorw");
        assertThat(c.encode("hold")).containsExactly(3, 5, 4, 1);
        assertThat(c.decode(c.encode("world hello"))).isEqualTo("world hello");
        assertThat(c.size()).isEqualTo(2); // (11 - 1) / 4
        Dataset.Sample s = c.get(1);
        assertThat(s.x().dtype()).isEqualTo(DType.INT64);
        assertThat(c.decode(s.x().toLongArray())).isEqualTo("o wo");
        assertThat(c.decode(s.y().toLongArray())).isEqualTo(" wor");
        Batch b = DataLoader.builder(c).batchSize(2).build().iterator().next();
        assertThat(b.x().shape()).containsExactly(2, 4);
        assertThat(b.y().shape()).containsExactly(2, 4);
        assertThat(c.decode(b.x().toLongArray())).isEqualTo("hello wo");
        assertThat(c.decode(b.y().toLongArray())).isEqualTo("ello wor");
        assertThatThrownBy(() -> c.encode("hi!")).hasMessageContaining("character 'i' (U+0069) at position 1 is not in the vocabulary");
    }

    @Test
    void tinyShakespeare() {
        Path f = DataPaths.dataset("tinyshakespeare").resolve("input.txt");
        assumeTrue(Files.isRegularFile(f), "no tinyshakespeare under " + DataPaths.root());
        CharCorpus c = CharCorpus.load(f, 64);
        assertThat(c.length()).isEqualTo(1_115_394);
        assertThat(c.vocabSize()).isEqualTo(65);
        assertThat(c.size()).isEqualTo((1_115_394 - 1) / 64);
        long[] x = new long[64];
        c.copyFeatures(0, x, 0);
        assertThat(c.decode(x)).startsWith("First Citizen:");
    }
}
