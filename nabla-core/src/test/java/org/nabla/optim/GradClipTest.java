package org.nabla.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.nabla.optim.OptimFixtures.assertClose;
import static org.nabla.optim.OptimFixtures.doubles;
import static org.nabla.optim.OptimFixtures.map;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nabla.tensor.Tensor;

/** Gradient clipping against PyTorch 1.13's clip_grad_norm_ / clip_grad_value_ ({@code optim.json}, section clip). */
class GradClipTest {
    private static final Map<String, Object> CLIP = map(OptimFixtures.FIXTURES.get("clip"));

    private static List<Tensor> withFixtureGrads() {
        List<?> grads = (List<?>) CLIP.get("grads");
        Tensor a = Tensor.zeros(org.nabla.tensor.DType.FLOAT64, 3, 4).requiresGrad(true);
        Tensor b = Tensor.zeros(org.nabla.tensor.DType.FLOAT64, 5).requiresGrad(true);
        a.setGrad(Tensor.of(doubles(grads.get(0)), 3, 4));
        b.setGrad(Tensor.of(doubles(grads.get(1)), 5));
        return List.of(a, b);
    }

    @TestFactory
    Stream<DynamicTest> clipGradNormMatchesPyTorch() {
        return ((List<?>) CLIP.get("norm")).stream().map(OptimFixtures::map).map(c -> dynamicTest((String) c.get("name"), () -> {
            List<Tensor> ps = withFixtureGrads();
            double norm = GradClip.clipGradNorm(ps, ((Number) c.get("max_norm")).doubleValue(), ((Number) c.get("norm_type")).doubleValue());
            assertThat(norm).isCloseTo(((Number) c.get("total_norm")).doubleValue(), within(1e-12));
            List<?> grads = (List<?>) c.get("grads");
            for (int i = 0; i < 2; i++)
                assertClose(c.get("name") + " grad " + i, ps.get(i).grad().toDoubleArray(), doubles(grads.get(i)), 1e-12, 1e-15);
        }));
    }

    @TestFactory
    Stream<DynamicTest> clipGradValueMatchesPyTorch() {
        return ((List<?>) CLIP.get("value")).stream().map(OptimFixtures::map).map(c -> dynamicTest((String) c.get("name"), () -> {
            List<Tensor> ps = withFixtureGrads();
            GradClip.clipGradValue(ps, ((Number) c.get("clip_value")).doubleValue());
            List<?> grads = (List<?>) c.get("grads");
            for (int i = 0; i < 2; i++) assertThat(ps.get(i).grad().toDoubleArray()).containsExactly(doubles(grads.get(i)));
        }));
    }

    @Test
    void scalesAllGradientsTogetherToTheMaxNorm() {
        Tensor a = Tensor.zeros(org.nabla.tensor.DType.FLOAT64, 2).requiresGrad(true), b = Tensor.zeros(org.nabla.tensor.DType.FLOAT64, 1).requiresGrad(true);
        Tensor none = Tensor.zeros(3).requiresGrad(true); // no gradient: ignored
        a.setGrad(Tensor.of(new double[] {3, 0}, 2));
        b.setGrad(Tensor.of(new double[] {4}, 1));
        assertThat(GradClip.clipGradNorm(List.of(a, b, none), 1.0)).isEqualTo(5.0);
        double coef = 1.0 / (5 + 1e-6);
        assertThat(a.grad().toDoubleArray()).containsExactly(new double[] {3 * coef, 0}, within(1e-15));
        assertThat(b.grad().toDoubleArray()).containsExactly(new double[] {4 * coef}, within(1e-15));
        assertThat(none.grad()).isNull();

        a.setGrad(Tensor.of(new double[] {3, -7}, 2));
        assertThat(GradClip.clipGradNorm(List.of(a), 2.0, Double.POSITIVE_INFINITY)).isEqualTo(7.0);
        assertThat(a.grad().toDoubleArray()).containsExactly(new double[] {3 * 2 / (7 + 1e-6), -7 * 2 / (7 + 1e-6)}, within(1e-15));

        a.setGrad(Tensor.of(new double[] {0.3, 0.4}, 2));
        assertThat(GradClip.clipGradNorm(List.of(a), 1.0)).isCloseTo(0.5, within(1e-15));
        assertThat(a.grad().toDoubleArray()).as("under the limit: unchanged").containsExactly(0.3, 0.4);
        assertThat(GradClip.clipGradNorm(List.of(none), 1.0)).isEqualTo(0.0);
    }

    @Test
    void badArgumentsAreNamed() {
        List<Tensor> ps = List.of(Tensor.zeros(1).requiresGrad(true));
        assertThatThrownBy(() -> GradClip.clipGradNorm(ps, 1, 0)).hasMessage("clipGradNorm: normType must be > 0 or infinity, got 0.0");
        assertThatThrownBy(() -> GradClip.clipGradNorm(ps, -1)).hasMessage("clipGradNorm: maxNorm must be >= 0, got -1.0");
        assertThatThrownBy(() -> GradClip.clipGradValue(ps, -1)).hasMessage("clipGradValue: clipValue must be >= 0, got -1.0");
    }
}
