package org.nabla.nn.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nabla.tensor.Tensor;

class LossModuleTest {
    private static final float[][] EXTREME = {{1000, -1000, 0}, {-1000, 1000, 999}, {0, 0, -1000}, {1000, 1000, 1000}};

    private static Tensor extremeLogits() { return Tensor.of(EXTREME).requiresGrad(true); }

    private static Tensor labels(long... v) { return Tensor.of(v, v.length); }

    private static void assertFinite(String what, Tensor t) {
        for (double v : t.toDoubleArray()) assertThat(v).as(what).isFinite();
    }

    @Test
    void logitLossesStayFiniteAtLogitsOfPlusMinus1000() {
        Tensor probs = Tensor.of(new float[][] {{0, 1, 0}, {0.2f, 0.3f, 0.5f}, {1, 0, 0}, {0.3f, 0.3f, 0.4f}});
        Tensor binary = Tensor.of(new float[][] {{1, 0, 1}, {0, 1, 0}, {1, 1, 0}, {0, 0, 1}});
        Map<String, Supplier<Loss>> losses = new LinkedHashMap<>();
        Map<String, Tensor> targets = new LinkedHashMap<>();
        losses.put("cross-entropy", CrossEntropyLoss::new);
        targets.put("cross-entropy", labels(1, 0, 2, 0));
        losses.put("cross-entropy, weights, smoothing", () -> new CrossEntropyLoss(Tensor.of(new float[] {1, 2, 0.5f}, 3), -100, 0.2, Reduction.MEAN));
        targets.put("cross-entropy, weights, smoothing", labels(1, 0, 2, 0));
        losses.put("cross-entropy, probabilities", () -> new CrossEntropyLoss(null, -100, 0.1, Reduction.SUM));
        targets.put("cross-entropy, probabilities", probs);
        losses.put("multi-margin p=2", () -> new MultiMarginLoss(2, 1, null, Reduction.MEAN));
        targets.put("multi-margin p=2", labels(1, 0, 2, 0));
        losses.put("bce with logits", () -> new BCEWithLogitsLoss(null, Tensor.of(new float[] {3, 1, 0.5f}, 3), Reduction.MEAN));
        targets.put("bce with logits", binary);
        losses.put("focal", FocalLoss::new);
        targets.put("focal", binary);
        losses.put("hinge", HingeLoss::new);
        targets.put("hinge", binary.mul(2).sub(1));
        losses.put("kl (log-probabilities of extreme logits)", () -> new KLDivLoss(Reduction.BATCHMEAN, false));
        targets.put("kl (log-probabilities of extreme logits)", probs);
        for (var e : losses.entrySet()) {
            Tensor x = extremeLogits();
            Tensor in = e.getKey().startsWith("kl") ? x.logSoftmax(1) : x;
            Tensor loss = e.getValue().get().call(in, targets.get(e.getKey()));
            loss.backward();
            assertFinite(e.getKey() + ": loss", loss);
            assertFinite(e.getKey() + ": gradient", x.grad());
        }
    }

    @Test
    void crossEntropyOfConfidentCorrectLogitsIsZeroAndWrongOnesCostTheMargin() {
        Tensor loss = new CrossEntropyLoss(Reduction.NONE).call(Tensor.of(new float[][] {{1000, -1000}, {-1000, 1000}}), labels(0, 0));
        assertThat(loss.get(0)).isCloseTo(0, within(0.0));
        assertThat(loss.get(1)).isEqualTo(2000);
        Tensor bce = new BCEWithLogitsLoss(Reduction.NONE).call(Tensor.of(new float[] {1000, -1000, 1000}, 3), Tensor.of(new float[] {1, 0, 0}, 3));
        assertThat(bce.toFloatArray()).containsExactly(0f, 0f, 1000f);
    }

    @Test
    void bceOnSaturatedProbabilitiesIsClampedAt100() {
        Tensor x = Tensor.of(new float[] {0, 1}, 2).requiresGrad(true);
        Tensor loss = new BCELoss(Reduction.SUM).call(x, Tensor.of(new float[] {1, 0}, 2));
        assertThat(loss.item()).isEqualTo(200.0);
        loss.backward();
        assertFinite("BCE gradient at 0 and 1", x.grad());
    }

    @Test
    void weightedMeanDividesByTheWeightsOfTheCountedTargets() {
        Tensor logp = Tensor.of(new double[][] {{-1, -2, -3}, {-4, -5, -6}, {-7, -8, -9}});
        Tensor w = Tensor.of(new double[] {1, 10, 100}, 3);
        // targets 0, 1 and an ignored 2: (1 * 1 + 10 * 5) / (1 + 10)
        Tensor loss = new NLLLoss(w, 2, Reduction.MEAN).call(logp, labels(0, 1, 2));
        assertThat(loss.item()).isCloseTo(51.0 / 11, within(1e-12));
        assertThat(new NLLLoss(w, 2, Reduction.SUM).call(logp, labels(0, 1, 2)).item()).isCloseTo(51.0, within(1e-12));
        assertThat(new NLLLoss(w, 2, Reduction.NONE).call(logp, labels(0, 1, 2)).toDoubleArray()).containsExactly(1, 50, 0);
    }

    @Test
    void logSoftmaxThenNllIsCrossEntropy() {
        Tensor x = Tensor.of(new double[][] {{0.3, -1.2, 2.0}, {1.1, 0.4, -0.7}});
        Tensor t = labels(2, 0);
        assertThat(new NLLLoss().call(x.logSoftmax(1), t).item()).isCloseTo(new CrossEntropyLoss().call(x, t).item(), within(1e-15));
    }

    @Test
    void multiMarginIsTheMultiClassSvmLoss() {
        // scores [2, 1, 0.5], class 0: max(0, 1 - 2 + 1) + max(0, 1 - 2 + 0.5) = 0; class 2: (1 - 0.5 + 2) + (1 - 0.5 + 1), / 3
        Tensor x = Tensor.of(new double[][] {{2, 1, 0.5}, {2, 1, 0.5}});
        Tensor loss = new MultiMarginLoss(1, 1, null, Reduction.NONE).call(x, labels(0, 2));
        assertThat(loss.toDoubleArray()).containsExactly(0, 4.0 / 3);
        assertThat(new HingeLoss().call(Tensor.of(new double[] {2, 0.5, -1}, 3), Tensor.of(new double[] {1, 1, 1}, 3)).item())
                .isCloseTo((0 + 0.5 + 2) / 3, within(1e-15));
    }

    @Test
    void klDivBatchmeanIsTheDivergencePerSample() {
        Tensor p = Tensor.of(new double[][] {{0.5, 0.5}, {0.9, 0.1}});
        Tensor q = Tensor.of(new double[][] {{0.25, 0.75}, {0.5, 0.5}});
        double kl = 0.5 * Math.log(0.5 / 0.25) + 0.5 * Math.log(0.5 / 0.75) + 0.9 * Math.log(0.9 / 0.5) + 0.1 * Math.log(0.1 / 0.5);
        assertThat(new KLDivLoss(Reduction.BATCHMEAN, false).call(q.log(), p).item()).isCloseTo(kl / 2, within(1e-15));
        assertThat(new KLDivLoss(Reduction.MEAN, false).call(q.log(), p).item()).isCloseTo(kl / 4, within(1e-15));
        assertThat(new KLDivLoss(Reduction.SUM, true).call(q.log(), p.log()).item()).isCloseTo(kl, within(1e-15));
    }

    @Test
    void huberIsDeltaTimesSmoothL1WithBetaDelta() {
        Tensor x = Tensor.of(new double[] {-3, -0.2, 0.1, 0.6, 4}, 5), y = Tensor.zeros(org.nabla.tensor.DType.FLOAT64, 5);
        double huber = new HuberLoss(0.5, Reduction.SUM).call(x, y).item();
        assertThat(huber).isCloseTo(0.5 * new SmoothL1Loss(0.5, Reduction.SUM).call(x, y).item(), within(1e-12));
    }

    @Test
    void weightsAreBuffersInTheStateDict() {
        Tensor w = Tensor.of(new float[] {1, 2, 3}, 3);
        CrossEntropyLoss ce = new CrossEntropyLoss(w, -100, 0, Reduction.MEAN);
        assertThat(ce.stateDict()).containsOnlyKeys("weight");
        assertThat(ce.parameters()).isEmpty();
        assertThat(new BCEWithLogitsLoss(null, Tensor.ones(3), Reduction.MEAN).stateDict()).containsOnlyKeys("pos_weight");
        assertThat(new MSELoss().stateDict()).isEmpty();
        assertThat(ce.toString()).isEqualTo("CrossEntropyLoss()");
        assertThat(ce.reduction()).isEqualTo(Reduction.MEAN);
    }

    @Test
    void reductionsParseFromPyTorchsSpelling() {
        assertThat(Reduction.of("batchmean")).isEqualTo(Reduction.BATCHMEAN);
        assertThat(Reduction.SUM.toString()).isEqualTo("sum");
        assertThatThrownBy(() -> Reduction.of("avg")).hasMessage("reduction: expected 'none', 'mean', 'sum' or 'batchmean', got 'avg'");
        assertThatThrownBy(() -> new MSELoss(Reduction.BATCHMEAN).call(Tensor.zeros(2), Tensor.zeros(2)))
                .hasMessage("MSELoss: reduction 'batchmean' is only defined for KLDivLoss");
    }

    @Test
    void shapeAndDtypeErrorsNameTheLossAndTheShapes() {
        assertThatThrownBy(() -> new MSELoss().call(Tensor.zeros(2, 3), Tensor.zeros(3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MSELoss: input [2, 3] and target [3] must have the same shape");
        assertThatThrownBy(() -> new L1Loss().call(Tensor.zeros(2), Tensor.arange(2)))
                .hasMessage("L1Loss: expected a floating-point target, got int64 [2]");
        assertThatThrownBy(() -> new CrossEntropyLoss().call(Tensor.zeros(4, 3), labels(0, 1, 2)))
                .hasMessage("CrossEntropyLoss: expected target of shape [4] for input [4, 3], got [3]");
        assertThatThrownBy(() -> new CrossEntropyLoss().call(Tensor.zeros(2, 3), labels(0, 3)))
                .hasMessage("CrossEntropyLoss: target 3 is out of bounds for 3 classes (input [2, 3], ignore_index -100)");
        assertThatThrownBy(() -> new CrossEntropyLoss().call(Tensor.zeros(2, 3), Tensor.zeros(2, 4)))
                .hasMessage("CrossEntropyLoss: a class-probability target must have the input's shape [2, 3], got [2, 4] (class indices are an integer tensor)");
        assertThatThrownBy(() -> new CrossEntropyLoss(Tensor.ones(4), -100, 0, Reduction.MEAN).call(Tensor.zeros(2, 3), labels(0, 1)))
                .hasMessage("CrossEntropyLoss: weight must be a floating 1-d tensor with one value per class (3), got float32 [4]");
        assertThatThrownBy(() -> new CrossEntropyLoss().call(Tensor.scalar(1), labels(0)))
                .hasMessage("CrossEntropyLoss: expected input [C] or [N, C, d1, ...], got []");
        assertThatThrownBy(() -> new NLLLoss().call(Tensor.zeros(2, 3), Tensor.zeros(2)))
                .hasMessage("NLLLoss: expected class indices (an int64 tensor) as target, got float32 [2]");
        assertThatThrownBy(() -> new MultiMarginLoss().call(Tensor.zeros(2, 3, 4), labels(0, 1)))
                .hasMessage("MultiMarginLoss: expected input [C] or [N, C], got [2, 3, 4]");
        assertThatThrownBy(() -> new BCELoss().call(Tensor.of(new float[] {0.5f, 1.5f}, 2), Tensor.zeros(2)))
                .hasMessage("BCELoss: all elements of input should be between 0 and 1, got values in [0.5, 1.5] (for logits use BCEWithLogitsLoss)");
        assertThatThrownBy(() -> new BCEWithLogitsLoss(null, Tensor.ones(4), Reduction.MEAN).call(Tensor.zeros(2, 3), Tensor.zeros(2, 3)))
                .hasMessage("BCEWithLogitsLoss: pos_weight float32 [4] must be floating and broadcast to the input shape [2, 3]");
        assertThatThrownBy(() -> new HingeLoss().call(Tensor.zeros(3), Tensor.of(new float[] {1, 0, -1}, 3)))
                .hasMessage("HingeLoss: target labels must be -1 or +1, but 1 of the 3 in [3] are not");
        assertThatThrownBy(() -> new HuberLoss(0, Reduction.MEAN)).hasMessage("HuberLoss: delta must be positive, got 0.0");
        assertThatThrownBy(() -> new MSELoss().call(Tensor.zeros(2)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("MSELoss takes an input and a target: call(input, target)");
    }
}
