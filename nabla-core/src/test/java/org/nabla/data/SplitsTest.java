package org.nabla.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nabla.tensor.Generator;

class SplitsTest {
    static void assertPartition(int n, int[]... parts) {
        int[] all = Arrays.stream(parts).flatMapToInt(Arrays::stream).sorted().toArray();
        assertThat(all).isEqualTo(IntStream.range(0, n).toArray());
    }

    static long[] labels(int... counts) {
        return IntStream.range(0, counts.length).flatMap(c -> IntStream.range(0, counts[c]).map(i -> c)).mapToLong(i -> i).toArray();
    }

    @Test
    void randomSplitPartitionsByFractions() {
        int[][] p = Splits.random(101, new double[] {0.8, 0.1, 0.1}, new Generator(1));
        assertThat(p[0]).hasSize(81);
        assertThat(p[1]).hasSize(10);
        assertThat(p[2]).hasSize(10);
        assertPartition(101, p);
        assertThat(Splits.random(101, new double[] {0.8, 0.1, 0.1}, new Generator(1))).isDeepEqualTo(p);
        assertThatThrownBy(() -> Splits.random(10, new double[] {0.5, 0.4}, new Generator(1))).hasMessageContaining("fractions must sum to 1");
    }

    @Test
    void stratifiedSplitKeepsClassRatios() {
        long[] y = labels(600, 300, 100);
        int[][] p = Splits.stratified(y, new double[] {0.7, 0.2, 0.1}, new Generator(2));
        assertPartition(1000, p);
        int[][] expected = {{420, 210, 70}, {120, 60, 20}, {60, 30, 10}};
        for (int k = 0; k < 3; k++) {
            int[] counts = new int[3];
            for (int i : p[k]) counts[(int) y[i]]++;
            assertThat(counts).isEqualTo(expected[k]);
        }
    }

    /** Per-class rounding made --train-limit 2000 train on 2005 MNIST samples; the sample is exact. */
    @Test
    void stratifiedSampleTakesExactlyNWithClassShares() {
        long[] y = labels(5923, 6742, 5958); // MNIST's counts of 0, 1 and 2
        int[] s = Splits.stratifiedSample(y, 2000, new Generator(3));
        assertThat(s).hasSize(2000).doesNotHaveDuplicates().isSorted();
        int[] counts = new int[3];
        for (int i : s) counts[(int) y[i]]++;
        // shares 636.09, 724.05 and 639.85: the floors leave one sample, which goes to the largest remainder (class 2)
        assertThat(counts).containsExactly(636, 724, 640);
        assertThat(Splits.stratifiedSample(y, 2000, new Generator(3))).isEqualTo(s);
        assertThatThrownBy(() -> Splits.stratifiedSample(y, y.length + 1, new Generator(3))).hasMessageContaining("n must be in [0, 18623]");
    }

    @Test
    void kFoldPartitionsAndHoldsOutEachIndexOnce() {
        List<Splits.Fold> folds = Splits.kFold(23, 5, new Generator(3));
        assertThat(folds).hasSize(5);
        assertPartition(23, folds.stream().map(Splits.Fold::test).toArray(int[][]::new));
        for (Splits.Fold f : folds) {
            assertThat(f.test().length).isBetween(4, 5);
            assertPartition(23, f.train(), f.test());
        }
        assertThatThrownBy(() -> Splits.kFold(3, 4, new Generator(1))).hasMessage("k-fold: k=4 is more than the 3 samples");
        assertThatThrownBy(() -> Splits.kFold(3, 1)).hasMessage("k-fold: k must be at least 2, got 1");
    }

    @Test
    void stratifiedKFoldKeepsClassRatiosInEveryFold() {
        long[] y = labels(50, 30, 20);
        List<Splits.Fold> folds = Splits.stratifiedKFold(y, 5, new Generator(4));
        assertPartition(100, folds.stream().map(Splits.Fold::test).toArray(int[][]::new));
        for (Splits.Fold f : folds) {
            assertPartition(100, f.train(), f.test());
            int[] counts = new int[3];
            for (int i : f.test()) counts[(int) y[i]]++;
            assertThat(counts).containsExactly(10, 6, 4);
        }
    }

    @Test
    void overAndUnderSamplingBalanceClasses() {
        long[] y = labels(7, 2, 0, 4);
        int[] over = Balance.oversample(y, new Generator(5));
        int[] counts = new int[4];
        for (int i : over) counts[(int) y[i]]++;
        assertThat(counts).containsExactly(7, 7, 0, 7);
        assertThat(over).contains(IntStream.range(0, 13).toArray());
        int[] under = Balance.undersample(y, new Generator(5));
        counts = new int[4];
        for (int i : under) counts[(int) y[i]]++;
        assertThat(counts).containsExactly(2, 2, 0, 2);
        assertThat(Arrays.stream(under).distinct().count()).isEqualTo(6);
        assertThat(Balance.undersample(y, new Generator(5))).isEqualTo(under);
    }
}
