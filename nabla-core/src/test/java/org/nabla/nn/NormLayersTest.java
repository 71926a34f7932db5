package org.nabla.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nabla.autograd.GradCoverage;
import org.nabla.autograd.GradMode;
import org.nabla.nn.functional.F;
import org.nabla.nn.init.Init;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** BatchNorm1d/2d, LayerNorm and GroupNorm and their functions: gradients, semantics and errors (the Normalize op under them: NormsTest). */
@ExtendWith(GradCoverage.class)
class NormLayersTest {

    /** Standard normal float64 values (a constant; call requiresGrad(true) for a leaf). */
    static Tensor normal(long seed, int... shape) {
        Generator gen = new Generator(seed);
        int n = 1;
        for (int d : shape) n *= d;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = gen.nextGaussian();
        return Tensor.of(v, shape);
    }

    static Tensor leaf(long seed, int... shape) { return normal(seed, shape).requiresGrad(true); }

    /** Float64 values in [0.5, 2], e.g. running variances. */
    static Tensor positive(long seed, int... shape) { return normal(seed, shape).abs().clamp(0, 1.5).add(0.5); }

    // ---------------------------------------------------------------- gradients

    @Test
    void functionalFormsPassGradCheckForInputWeightAndBiasInTrainAndEval() {
        for (int[] shape : new int[][] {{4, 3}, {3, 3, 2}, {2, 3, 2, 2}}) {
            Tensor rm = normal(10, 3), rv = positive(11, 3);
            // Training: the batch statistics normalise (running statistics are updated on copies, call after call).
            GradCoverage.assertGradients(xs -> F.batchNorm(xs[0], rm.copy(), rv.copy(), xs[1], xs[2], true, 0.1, 1e-5),
                    leaf(12, shape), leaf(13, 3), leaf(14, 3));
            // Eval: the running statistics normalise.
            GradCoverage.assertGradients(xs -> F.batchNorm(xs[0], rm, rv, xs[1], xs[2], false, 0.1, 1e-5),
                    leaf(15, shape), leaf(16, 3), leaf(17, 3));
        }
        GradCoverage.assertGradients(xs -> F.batchNorm(xs[0], null, null, null, null, true, 0.1, 1e-5), leaf(18, 5, 2));
        GradCoverage.assertGradients(xs -> F.layerNorm(xs[0], new int[] {3, 4}, xs[1], xs[2], 1e-5), leaf(19, 2, 3, 4), leaf(20, 3, 4), leaf(21, 3, 4));
        GradCoverage.assertGradients(xs -> F.layerNorm(xs[0], new int[] {5}, null, null, 1e-5), leaf(22, 4, 5));
        GradCoverage.assertGradients(xs -> F.groupNorm(xs[0], 2, xs[1], xs[2], 1e-5), leaf(23, 2, 4, 3), leaf(24, 4), leaf(25, 4));
        GradCoverage.assertGradients(xs -> F.groupNorm(xs[0], 3, xs[1], xs[2], 1e-5), leaf(26, 2, 6), leaf(27, 6), leaf(28, 6));
    }

    /** A layer with non-trivial affine parameters and, for batch norm, running statistics from a few batches. */
    private static <M extends Module> M prepared(M layer, long seed) {
        Generator gen = new Generator(seed);
        for (Parameter p : layer.parameters()) Init.normal(p, 0.5, 0.5, gen);
        if (layer instanceof BatchNorm bn) {
            int[] shape = bn instanceof BatchNorm2d ? new int[] {4, bn.numFeatures(), 2, 2} : new int[] {6, bn.numFeatures()};
            for (int i = 0; i < 3; i++) bn.call(Tensor.randn(gen, shape).mul(1 + i).add(i));
        }
        return layer;
    }

    @Test
    void layersPassGradCheckOnTheirInputInTrainAndEvalMode() {
        List<Supplier<Object[]>> cases = List.of(
                () -> new Object[] {prepared(new BatchNorm1d(3), 30), new int[] {4, 3}},
                () -> new Object[] {prepared(new BatchNorm1d(2, 1e-5, null, true, true), 31), new int[] {3, 2, 4}},
                () -> new Object[] {prepared(new BatchNorm2d(3), 32), new int[] {2, 3, 2, 2}},
                () -> new Object[] {prepared(new BatchNorm2d(2, 1e-3, 0.1, false, false), 33), new int[] {2, 2, 3, 2}},
                () -> new Object[] {prepared(new LayerNorm(2, 3), 34), new int[] {3, 2, 3}},
                () -> new Object[] {prepared(new GroupNorm(2, 4), 35), new int[] {2, 4, 3}});
        long seed = 40;
        for (Supplier<Object[]> c : cases) {
            Object[] layerAndShape = c.get();
            Module layer = (Module) layerAndShape[0];
            int[] shape = (int[]) layerAndShape[1];
            for (boolean training : new boolean[] {true, false}) {
                layer.train(training);
                GradCoverage.assertGradients(xs -> layer.call(xs[0]), leaf(seed++, shape));
            }
        }
    }

    // ---------------------------------------------------------------- batch norm semantics

    @Test
    void trainingNormalisesEachChannelOverTheBatch() {
        BatchNorm2d bn = new BatchNorm2d(3);
        Tensor x = Tensor.randn(new Generator(50), 8, 3, 4, 4).mul(3).add(2);
        Tensor y = bn.call(x);
        int[] dims = {0, 2, 3};
        assertThat(y.mean(dims, false).toDoubleArray()).containsOnly(new double[] {0, 0, 0}, within(1e-5));
        assertThat(y.var(dims, 0, false).toDoubleArray()).containsOnly(new double[] {1, 1, 1}, within(1e-4));
    }

    @Test
    void runningStatisticsFollowTheMomentumWithTheUnbiasedVariance() {
        BatchNorm1d bn = new BatchNorm1d(2, 1e-5, 0.1, true, true);
        double[] mean = {0, 0}, var = {1, 1};
        Generator gen = new Generator(51);
        for (int step = 1; step <= 4; step++) {
            Tensor x = Tensor.randn(gen, 5, 2, 3).mul(step).add(step);
            bn.call(x);
            double[] bm = x.mean(new int[] {0, 2}, false).toDoubleArray(), bv = x.var(new int[] {0, 2}, 1, false).toDoubleArray();
            for (int c = 0; c < 2; c++) {
                mean[c] = 0.9 * mean[c] + 0.1 * bm[c];
                var[c] = 0.9 * var[c] + 0.1 * bv[c];
            }
            assertThat(bn.runningMean.toDoubleArray()).containsExactly(mean, within(1e-5));
            assertThat(bn.runningVar.toDoubleArray()).containsExactly(var, within(1e-5));
            assertThat(bn.numBatchesTracked.item()).isEqualTo(step);
        }
    }

    @Test
    void momentumNullKeepsTheCumulativeAverage() {
        BatchNorm2d bn = new BatchNorm2d(2, 1e-5, null, true, true);
        Generator gen = new Generator(52);
        double[] sumMean = new double[2], sumVar = new double[2];
        int steps = 6;
        for (int step = 0; step < steps; step++) {
            Tensor x = Tensor.randn(gen, 3, 2, 2, 2).mul(1 + step).add(-step);
            bn.call(x);
            double[] bm = x.mean(new int[] {0, 2, 3}, false).toDoubleArray(), bv = x.var(new int[] {0, 2, 3}, 1, false).toDoubleArray();
            for (int c = 0; c < 2; c++) {
                sumMean[c] += bm[c];
                sumVar[c] += bv[c];
            }
        }
        for (int c = 0; c < 2; c++) {
            assertThat(bn.runningMean.get(c)).isCloseTo(sumMean[c] / steps, within(1e-5));
            assertThat(bn.runningVar.get(c)).isCloseTo(sumVar[c] / steps, within(1e-4));
        }
        assertThat(bn.numBatchesTracked.item()).isEqualTo(steps);
    }

    @Test
    void evalModeUsesTheRunningStatisticsAndLeavesThemAlone() {
        BatchNorm2d bn = prepared(new BatchNorm2d(2), 53);
        try (var s = GradMode.noGrad()) {
            bn.runningMean.copyFrom(Tensor.of(new float[] {0.5f, -1}, 2));
            bn.runningVar.copyFrom(Tensor.of(new float[] {4, 0.25f}, 2));
        }
        bn.eval();
        Tensor x = Tensor.randn(new Generator(54), 2, 2, 3, 3);
        Tensor y = bn.call(x);
        Tensor rm = bn.runningMean.reshape(1, 2, 1, 1), rv = bn.runningVar.reshape(1, 2, 1, 1);
        Tensor want = x.sub(rm).div(rv.add(1e-5).sqrt()).mul(bn.weight.reshape(1, 2, 1, 1)).add(bn.bias.reshape(1, 2, 1, 1));
        assertThat(y.toFloatArray()).containsExactly(want.toFloatArray(), within(1e-5f));
        assertThat(bn.runningMean.toFloatArray()).containsExactly(0.5f, -1);
        assertThat(bn.numBatchesTracked.item()).isEqualTo(3);
        // A single sample per channel is fine in eval mode, an error in training.
        BatchNorm1d bn1 = new BatchNorm1d(4);
        assertThat(bn1.eval().call(Tensor.ones(1, 4)).shape()).containsExactly(1, 4);
        assertThatThrownBy(() -> bn1.train().call(Tensor.ones(1, 4)))
                .hasMessage("BatchNorm1d(4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True): batch_norm: expected more than 1 value per channel"
                        + " when training, got input [1, 4]");
        assertThat(bn1.numBatchesTracked.item()).isZero(); // a rejected batch changes nothing
    }

    @Test
    void withoutRunningStatisticsBothModesUseTheBatch() {
        BatchNorm1d bn = new BatchNorm1d(3, 1e-5, 0.1, false, false);
        assertThat(bn.namedBuffers()).isEmpty();
        assertThat(bn.parameters()).isEmpty();
        Tensor x = Tensor.randn(new Generator(55), 4, 3, 2);
        float[] train = bn.train().call(x).toFloatArray();
        assertThat(bn.eval().call(x).toFloatArray()).containsExactly(train);
    }

    @Test
    void stateDictHoldsPyTorchsKeysAndRestoresTheRunningStatistics() {
        BatchNorm2d bn = prepared(new BatchNorm2d(3), 56);
        Map<String, Tensor> state = bn.stateDict();
        assertThat(state.keySet()).containsExactly("weight", "bias", "running_mean", "running_var", "num_batches_tracked");
        assertThat(state.get("num_batches_tracked").dtype()).isEqualTo(DType.INT64);
        BatchNorm2d copy = new BatchNorm2d(3);
        copy.loadStateDict(state, true);
        assertThat(copy.runningVar.toFloatArray()).containsExactly(bn.runningVar.toFloatArray());
        assertThat(copy.numBatchesTracked.item()).isEqualTo(3);
        Tensor x = Tensor.randn(new Generator(57), 2, 3, 2, 2);
        assertThat(copy.eval().call(x).toFloatArray()).containsExactly(bn.eval().call(x).toFloatArray());
        copy.resetRunningStats();
        assertThat(copy.runningMean.toFloatArray()).containsOnly(0f);
        assertThat(copy.runningVar.toFloatArray()).containsOnly(1f);
        assertThat(copy.numBatchesTracked.item()).isZero();
    }

    @Test
    void defaultInitialisationIsOnesAndZeros() {
        for (Module m : new Module[] {new BatchNorm1d(5), new BatchNorm2d(5), new GroupNorm(1, 5), new LayerNorm(5)}) {
            Map<String, Parameter> p = m.namedParameters();
            assertThat(p.get("weight").toFloatArray()).as("%s", m).containsOnly(1f);
            assertThat(p.get("bias").toFloatArray()).as("%s", m).containsOnly(0f);
        }
    }

    // ---------------------------------------------------------------- layer norm and group norm semantics

    @Test
    void layerNormStandardisesEachSampleOverTheNormalisedDims() {
        Tensor x = Tensor.randn(new Generator(58), 3, 2, 4, 5).mul(4).add(-3);
        Tensor y = new LayerNorm(4, 5).call(x);
        int[] dims = {2, 3};
        assertThat(y.mean(dims, false).toDoubleArray()).containsOnly(new double[6], within(1e-5));
        double[] v = y.var(dims, 0, false).toDoubleArray();
        for (double e : v) assertThat(e).isCloseTo(1, within(1e-4));
    }

    @Test
    void groupNormWithOneGroupIsLayerNormOverAllButTheBatchAndWithOneChannelPerGroupIsInstanceNorm() {
        Tensor x = Tensor.randn(new Generator(59), 2, 4, 3, 3);
        assertThat(new GroupNorm(1, 4, 1e-5, false).call(x).toFloatArray())
                .containsExactly(new LayerNorm(new int[] {4, 3, 3}, 1e-5, false).call(x).toFloatArray(), within(1e-6f));
        assertThat(new GroupNorm(4, 4, 1e-5, false).call(x).toFloatArray())
                .containsExactly(x.sub(x.mean(new int[] {2, 3}, true)).div(x.var(new int[] {2, 3}, 0, true).add(1e-5).sqrt()).toFloatArray(), within(1e-6f));
    }

    // ---------------------------------------------------------------- errors and descriptions

    @Test
    void wrongInputShapesNameTheLayerTheExpectedAndTheActualShape() {
        assertThatThrownBy(() -> new BatchNorm2d(16).call(Tensor.zeros(2, 16, 5)))
                .hasMessage("BatchNorm2d(16, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True): expected input [N, 16, H, W], got [2, 16, 5]");
        assertThatThrownBy(() -> new BatchNorm2d(16).call(Tensor.zeros(2, 8, 5, 5)))
                .hasMessage("BatchNorm2d(16, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True): expected input [N, 16, H, W], got [2, 8, 5, 5]");
        assertThatThrownBy(() -> new BatchNorm1d(3, 1e-3, null, false, true).call(Tensor.zeros(2, 3, 4, 5)))
                .hasMessage("BatchNorm1d(3, eps=0.001, momentum=None, affine=False, track_running_stats=True): expected input [N, 3] or [N, 3, L], got [2, 3, 4, 5]");
        assertThatThrownBy(() -> new LayerNorm(3, 4).call(Tensor.zeros(2, 4, 3)))
                .hasMessage("LayerNorm((3, 4), eps=1e-05, elementwise_affine=True): expected input [..., 3, 4], got [2, 4, 3]");
        assertThatThrownBy(() -> new LayerNorm(4).call(Tensor.zeros()))
                .hasMessage("LayerNorm((4,), eps=1e-05, elementwise_affine=True): expected input [..., 4], got []");
        assertThatThrownBy(() -> new GroupNorm(2, 6).call(Tensor.zeros(2, 4, 3)))
                .hasMessage("GroupNorm(2, 6, eps=1e-05, affine=True): expected input [N, 6, *], got [2, 4, 3]");
        assertThatThrownBy(() -> new GroupNorm(4, 6)).hasMessage("GroupNorm: num_channels (6) must be a positive multiple of num_groups (4)");
        assertThatThrownBy(() -> new BatchNorm2d(0)).hasMessage("BatchNorm2d: num_features must be positive, got 0");
    }

    @Test
    void descriptionsReadLikePyTorchs() {
        assertThat(new BatchNorm1d(4, 1e-3, null, false, false))
                .hasToString("BatchNorm1d(4, eps=0.001, momentum=None, affine=False, track_running_stats=False)");
        assertThat(new LayerNorm(new int[] {3, 4}, 1e-6, false)).hasToString("LayerNorm((3, 4), eps=1e-06, elementwise_affine=False)");
        assertThat(new GroupNorm(2, 6)).hasToString("GroupNorm(2, 6, eps=1e-05, affine=True)");
        assertThat(PyRepr.num(1e-5)).isEqualTo("1e-05");
        assertThat(PyRepr.num(2.5e-7)).isEqualTo("2.5e-07");
        assertThat(PyRepr.num(1e-4)).isEqualTo("0.0001");
        assertThat(PyRepr.num(0.1)).isEqualTo("0.1");
        assertThat(PyRepr.num(1)).isEqualTo("1.0");
        assertThat(PyRepr.num(1e16)).isEqualTo("1e+16");
        assertThat(PyRepr.num(-123.25)).isEqualTo("-123.25");
    }
}
