package org.nabla.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nabla.tensor.Tensor;

class ExactMatchTest {
    @Test
    void aRowCountsWhenEveryPositionButPaddingMatches() {
        ExactMatch m = new ExactMatch(0);
        Tensor target = Tensor.of(new long[] {5, 6, 7, 0, 5, 6, 7, 8, 1, 2, 0, 0}, 3, 4);
        m.update(Tensor.of(new long[] {5, 6, 7, 9, 5, 6, 7, 9, 1, 2, 3, 3}, 3, 4), target); // rows 0 and 2 match (padding ignored)
        assertThat(m.compute()).isEqualTo(2.0 / 3);
        // logits [B, T, V]: argmax over the last dim
        float[] logits = new float[1 * 2 * 3];
        logits[2] = 1; // t0 → 2
        logits[3 + 1] = 1; // t1 → 1
        m.update(Tensor.of(logits, 1, 2, 3), Tensor.of(new long[] {2, 1}, 1, 2));
        assertThat(m.compute()).isEqualTo(3.0 / 4);
        m.reset();
        assertThat(m.compute()).isNaN();
        assertThatThrownBy(() -> m.update(Tensor.of(new long[] {1, 2}, 2), Tensor.of(new long[] {1, 2}, 1, 2)))
                .hasMessage("exact_match: expected predictions [B, T] (or logits [B, T, V]) and targets [B, T], got [2] and [1, 2]");
    }
}
