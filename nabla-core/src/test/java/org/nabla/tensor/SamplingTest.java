package org.nabla.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * multinomial and bernoulli: frequencies within a few standard deviations of the probabilities for fixed seeds (so
 * the tests are deterministic), distinct draws without replacement, and the same draws from the same generator state.
 */
class SamplingTest {
    private static final int DRAWS = 40_000;

    /** |observed count - n p| within 5 binomial standard deviations (a false alarm about once in 3.5 million). */
    private static void assertFrequency(long count, int n, double p, String what) {
        double sd = Math.sqrt(n * p * (1 - p));
        assertThat(Math.abs(count - n * p)).as("%s: %d of %d draws, expected about %.1f", what, count, n, n * p).isLessThanOrEqualTo(5 * sd + 1e-9);
    }

    private static long count(long[] values, long v) {
        long c = 0;
        for (long x : values) if (x == v) c++;
        return c;
    }

    @Test
    void multinomialWithReplacementDrawsEachCategoryInProportionToItsWeight() {
        // Unnormalised weights, one of them zero.
        Tensor w = Tensor.of(new float[] {1, 0, 2, 3, 4}, 5);
        long[] draws = w.multinomial(DRAWS, true, new Generator(7)).toLongArray();
        assertThat(count(draws, 1)).isZero();
        double[] p = {0.1, 0, 0.2, 0.3, 0.4};
        for (int c = 0; c < 5; c++) assertFrequency(count(draws, c), DRAWS, p[c], "category " + c);
    }

    @Test
    void multinomialWithoutReplacementDrawsDistinctCategoriesBySuccessiveSampling() {
        Tensor w = Tensor.of(new double[] {1, 2, 3, 4}, 4);
        Generator gen = new Generator(8);
        int trials = 20_000;
        long[] firstIs3 = new long[1], thenIs2 = new long[1];
        for (int t = 0; t < trials; t++) {
            long[] s = w.multinomial(4, false, gen).toLongArray();
            Set<Long> distinct = new HashSet<>();
            for (long v : s) distinct.add(v);
            assertThat(distinct).hasSize(4);
            if (s[0] == 3) {
                firstIs3[0]++;
                if (s[1] == 2) thenIs2[0]++;
            }
        }
        // P(first = 3) = 4/10; P(second = 2 | first = 3) = 3/6.
        assertFrequency(firstIs3[0], trials, 0.4, "first draw 3");
        assertFrequency(thenIs2[0], (int) firstIs3[0], 0.5, "second draw 2 after 3");
    }

    @Test
    void multinomialNeverDrawsAZeroWeightWithoutReplacementWhileOthersRemain() {
        Tensor w = Tensor.of(new float[] {0, 1e-30f, 0, 5, 0}, 5);
        for (int seed = 0; seed < 200; seed++) {
            long[] s = w.multinomial(2, false, new Generator(seed)).toLongArray();
            assertThat(s).containsExactlyInAnyOrder(1, 3);
        }
    }

    @Test
    void multinomialRowsAreIndependentDistributions() {
        Tensor w = Tensor.of(new float[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}});
        Tensor s = w.multinomial(6, true, new Generator(9));
        assertThat(s.shape()).containsExactly(3, 6);
        assertThat(s.dtype()).isEqualTo(DType.INT64);
        assertThat(s.toLongArray()).containsExactly(2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1);
    }

    @Test
    void theSameGeneratorStateGivesTheSameDraws() {
        Tensor w = Tensor.rand(new Generator(1), 3, 10);
        Generator a = new Generator(42), b = new Generator(42);
        for (boolean replacement : new boolean[] {true, false}) {
            assertThat(w.multinomial(5, replacement, a).toLongArray()).containsExactly(w.multinomial(5, replacement, b).toLongArray());
        }
        assertThat(w.bernoulli(a).toFloatArray()).containsExactly(w.bernoulli(b).toFloatArray());
        assertThat(w.bernoulli(0.3, a).toFloatArray()).containsExactly(w.bernoulli(0.3, b).toFloatArray());
        // A generator moves on: the next draws differ from the first ones, and another seed differs too.
        Generator c = new Generator(42);
        long[] first = w.multinomial(8, true, c).toLongArray();
        assertThat(w.multinomial(8, true, c).toLongArray()).isNotEqualTo(first);
        assertThat(w.multinomial(8, true, new Generator(43)).toLongArray()).isNotEqualTo(first);
    }

    @Test
    void bernoulliOfATensorDrawsOnesWithEachElementsProbability() {
        double[] p = new double[DRAWS];
        for (int i = 0; i < p.length; i++) p[i] = i % 2 == 0 ? 0.25 : 0.9;
        Tensor probs = Tensor.of(p, DRAWS / 2, 2);
        Tensor draws = probs.bernoulli(new Generator(10));
        assertThat(draws.dtype()).isEqualTo(DType.FLOAT64);
        assertThat(draws.shape()).containsExactly(DRAWS / 2, 2);
        double[] column0 = draws.select(1, 0).toDoubleArray(), column1 = draws.select(1, 1).toDoubleArray();
        assertThat(column0).containsOnly(0.0, 1.0);
        assertFrequency((long) Tensor.of(column0, column0.length).sum().item(), DRAWS / 2, 0.25, "p = 0.25");
        assertFrequency((long) Tensor.of(column1, column1.length).sum().item(), DRAWS / 2, 0.9, "p = 0.9");
        assertThat(Tensor.zeros(100).bernoulli(new Generator(1)).toFloatArray()).containsOnly(0f);
        assertThat(Tensor.ones(100).bernoulli(new Generator(1)).toFloatArray()).containsOnly(1f);
    }

    @Test
    void bernoulliWithANumberKeepsTheShapeAndDtypeOfItsInput() {
        Tensor x = Tensor.zeros(DType.INT64, DRAWS);
        Tensor draws = x.bernoulli(0.3, new Generator(11));
        assertThat(draws.dtype()).isEqualTo(DType.INT64);
        assertFrequency((long) draws.sum().item(), DRAWS, 0.3, "p = 0.3");
        assertThat(Tensor.zeros(3).bernoulli(1.0, new Generator(1)).toFloatArray()).containsOnly(1f);
        assertThat(Tensor.zeros(3).bernoulli(0.0, new Generator(1)).toFloatArray()).containsOnly(0f);
        assertThat(Tensor.zeros(2, 3).requiresGrad(true).bernoulli(0.5, new Generator(1)).requiresGrad()).isFalse();
    }
}
