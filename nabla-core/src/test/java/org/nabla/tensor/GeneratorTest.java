package org.nabla.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GeneratorTest {

    @Test
    void sameSeedGivesTheSameStreamAndDifferentSeedsDiffer() {
        Generator a = new Generator(123), b = new Generator(123), c = new Generator(124);
        int differing = 0;
        for (int i = 0; i < 1000; i++) {
            long va = a.nextLong();
            assertThat(b.nextLong()).isEqualTo(va);
            if (c.nextLong() != va) differing++;
        }
        assertThat(differing).isEqualTo(1000);
    }

    @Test
    void bulkFillsDrawTheSameValuesAsOneCallPerValue() {
        Generator bulk = new Generator(5), single = new Generator(5);
        float[] u = new float[1001], z = new float[7];
        bulk.nextFloats(u);
        for (float v : u) assertThat(v).isEqualTo(single.nextFloat());
        single.nextGaussian(); // an odd count before: the bulk fill starts from the cached spare
        bulk.nextGaussian();
        bulk.nextGaussians(z);
        for (float v : z) assertThat(v).isEqualTo((float) single.nextGaussian());
        assertThat(bulk.state()).containsExactly(single.state());
    }

    @Test
    void reseedingRestartsTheStreamAndDropsTheCachedGaussian() {
        Generator g = new Generator(7);
        double first = g.nextGaussian();
        g.nextGaussian();
        g.nextGaussian(); // leaves a spare Gaussian cached
        g.seed(7);
        assertThat(g.nextGaussian()).isEqualTo(first);
        assertThat(g.state()[4]).isEqualTo(1);
    }

    @Test
    void stateAndSetStateResumeExactlyIncludingTheCachedGaussian() {
        Generator g = new Generator(99);
        g.nextGaussian(); // the sine half of the pair is now cached
        long[] saved = g.state();
        assertThat(saved).hasSize(6);
        assertThat(saved[4]).as("spare-Gaussian flag").isEqualTo(1);

        double[] expected = new double[20];
        for (int i = 0; i < expected.length; i++) expected[i] = i % 3 == 0 ? g.nextLong() : g.nextGaussian();

        Generator resumed = new Generator(0);
        resumed.nextGaussian();
        resumed.setState(saved);
        for (int i = 0; i < expected.length; i++)
            assertThat(i % 3 == 0 ? resumed.nextLong() : resumed.nextGaussian()).as("draw %d", i).isEqualTo(expected[i]);

        // The restored generator's state is the saved one, and state() hands out a copy.
        resumed.setState(saved);
        assertThat(resumed.state()).isEqualTo(saved);
        resumed.state()[0] = 0;
        assertThat(resumed.state()).isEqualTo(saved);
    }

    @Test
    void stateWithoutACachedGaussianResumesToo() {
        Generator g = new Generator(5);
        g.nextGaussian();
        g.nextGaussian(); // pair used up
        long[] saved = g.state();
        assertThat(saved[4]).isZero();
        double next = g.nextGaussian();
        g.setState(saved);
        assertThat(g.nextGaussian()).isEqualTo(next);
    }

    @Test
    void setStateRefusesAStateOfTheWrongLength() {
        assertThatThrownBy(() -> new Generator(1).setState(new long[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("6 words").hasMessageContaining("got 4");
    }

    @Test
    void nextFloatAndNextDoubleAreInTheUnitIntervalAndSpreadOverIt() {
        Generator g = new Generator(11);
        int n = 200_000;
        double sum = 0, min = 1, max = 0;
        for (int i = 0; i < n; i++) {
            float f = g.nextFloat();
            assertThat(f).isGreaterThanOrEqualTo(0f).isLessThan(1f);
            double d = g.nextDouble();
            assertThat(d).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
            sum += f;
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        assertThat(sum / n).isCloseTo(0.5, within(0.005));
        assertThat(min).isLessThan(1e-4);
        assertThat(max).isGreaterThan(1 - 1e-4);
    }

    @Test
    void nextLongWithABoundPassesAChiSquareTest() {
        for (long bound : new long[] {2, 7, 10, 16, 33}) {
            Generator g = new Generator(bound * 1000 + 1);
            int n = 20_000 * (int) bound;
            long[] counts = new long[(int) bound];
            for (int i = 0; i < n; i++) {
                long v = g.nextLong(bound);
                assertThat(v).isBetween(0L, bound - 1);
                counts[(int) v]++;
            }
            double expected = (double) n / bound, chi2 = 0;
            for (long c : counts) chi2 += (c - expected) * (c - expected) / expected;
            // The 99.99th percentile of chi-square with bound-1 degrees of freedom is below 3 * df + 15 for these bounds.
            assertThat(chi2).as("chi-square for bound %d", bound).isLessThan(3.0 * (bound - 1) + 15);
        }
    }

    @Test
    void nextLongRejectsToAvoidModuloBiasForHugeBounds() {
        // With bound = 2/3 of 2^63, a plain modulo would put 2/3 of the draws in the lower half.
        long bound = Long.MAX_VALUE / 3 * 2;
        Generator g = new Generator(3);
        int n = 100_000, lower = 0;
        for (int i = 0; i < n; i++) {
            long v = g.nextLong(bound);
            assertThat(v).isBetween(0L, bound - 1);
            if (v < bound / 2) lower++;
        }
        assertThat((double) lower / n).isCloseTo(0.5, within(0.01));
    }

    @Test
    void nextLongWithBoundOneIsAlwaysZeroAndANonPositiveBoundIsRefused() {
        Generator g = new Generator(4);
        for (int i = 0; i < 100; i++) assertThat(g.nextLong(1)).isZero();
        assertThatThrownBy(() -> g.nextLong(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bound must be positive");
        assertThatThrownBy(() -> g.nextLong(-5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-5");
    }

    @Test
    void nextGaussianHasTheMomentsOfAStandardNormal() {
        Generator g = new Generator(21);
        int n = 200_000, withinOneSigma = 0;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++) {
            double v = g.nextGaussian();
            sum += v;
            sumSq += v * v;
            if (Math.abs(v) < 1) withinOneSigma++;
        }
        double mean = sum / n;
        assertThat(mean).isCloseTo(0, within(0.01));
        assertThat(sumSq / n - mean * mean).isCloseTo(1, within(0.02));
        assertThat((double) withinOneSigma / n).isCloseTo(0.6827, within(0.005));
    }

    @Test
    void manualSeedMakesTheGlobalGeneratorReproducible() {
        Generator.manualSeed(2024);
        float[] a = Tensor.rand(50).toFloatArray();
        float[] b = Tensor.randn(50).toFloatArray();
        Generator.manualSeed(2024);
        assertThat(Tensor.rand(50).toFloatArray()).isEqualTo(a);
        assertThat(Tensor.randn(50).toFloatArray()).isEqualTo(b);
    }
}
