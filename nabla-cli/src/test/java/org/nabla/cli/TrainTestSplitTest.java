package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.LongStream;
import org.nabla.tensor.Generator;
import org.junit.jupiter.api.Test;

class TrainTestSplitTest {

    @Test
    void keepsTheClassProportionsAndUsesEveryRowOnce() {
        long[] labels = new long[100];
        for (int i = 0; i < labels.length; i++) labels[i] = i < 60 ? 0 : i < 90 ? 1 : 2;   // 60 / 30 / 10
        TrainTestSplit split = TrainTestSplit.stratified(labels, 3, 0.2, new Generator(1));
        long[] test = split.test().toLongArray(), train = split.train().toLongArray();
        assertThat(Arrays.stream(test).map(i -> labels[(int) i]).sorted().toArray())
                .containsExactly(LongStream.concat(LongStream.concat(LongStream.generate(() -> 0).limit(12),
                        LongStream.generate(() -> 1).limit(6)), LongStream.generate(() -> 2).limit(2)).toArray());
        long[] all = LongStream.concat(Arrays.stream(train), Arrays.stream(test)).sorted().toArray();
        assertThat(all).containsExactly(LongStream.range(0, 100).toArray());
    }

    @Test
    void dependsOnlyOnTheSeed() {
        long[] labels = new long[50];
        for (int i = 0; i < labels.length; i++) labels[i] = i % 5;
        long[] a = TrainTestSplit.stratified(labels, 5, 0.2, new Generator(3)).test().toLongArray();
        long[] b = TrainTestSplit.stratified(labels, 5, 0.2, new Generator(3)).test().toLongArray();
        long[] c = TrainTestSplit.stratified(labels, 5, 0.2, new Generator(4)).test().toLongArray();
        assertThat(b).containsExactly(a);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void shuffleIsAPermutation() {
        long[] v = LongStream.range(0, 20).toArray();
        TrainTestSplit.shuffle(v, new Generator(5));
        assertThat(v).isNotEqualTo(LongStream.range(0, 20).toArray());
        assertThat(Arrays.stream(v).sorted().toArray()).containsExactly(LongStream.range(0, 20).toArray());
    }
}
