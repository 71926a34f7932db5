package org.nabla.nn.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nabla.autograd.GradCheck;
import org.nabla.autograd.GradMode;
import org.nabla.tensor.DType;
import org.nabla.tensor.Tensor;

class MultiTaskLossTest {
    private static Tensor scalar(double v) { return Tensor.scalar(v, DType.FLOAT64).requiresGrad(true); }

    @Test
    void fixedWeightsGiveTheWeightedSumAndScaleEachGradient() {
        Tensor a = scalar(1.2), b = scalar(0.7);
        Tensor total = MultiTaskLoss.fixed(1, 0.5).call(List.of(a, b));
        assertThat(total.item()).isCloseTo(1.2 + 0.5 * 0.7, within(1e-12));
        total.backward();
        assertThat(a.grad().item()).isCloseTo(1, within(1e-12));
        assertThat(b.grad().item()).isCloseTo(0.5, within(1e-12));
    }

    /** L = exp(-s1) L1 + s1 + exp(-s2) L2 + s2; dL/ds_i = 1 - exp(-s_i) L_i; dL/dL_i = exp(-s_i). */
    @Test
    void uncertaintyWeightsMatchTheHandComputationAndItsGradients() {
        MultiTaskLoss loss = MultiTaskLoss.uncertainty(2);
        Tensor logVars = loss.namedParameters().get("log_vars");
        try (var g = GradMode.noGrad()) {
            logVars.copyFrom(Tensor.of(new float[] {0.3f, -0.5f}, 2));
        }
        double s1 = 0.3f, s2 = -0.5f;
        assertThat(loss.weights()).containsExactly(new double[] {Math.exp(-s1), Math.exp(-s2)}, within(1e-6));
        Tensor a = scalar(1.2), b = scalar(0.7);
        Tensor total = loss.call(List.of(a, b));
        assertThat(total.item()).isCloseTo(Math.exp(-s1) * 1.2 + s1 + Math.exp(-s2) * 0.7 + s2, within(1e-6));
        total.backward();
        assertThat(a.grad().item()).isCloseTo(Math.exp(-s1), within(1e-6));
        assertThat(b.grad().item()).isCloseTo(Math.exp(-s2), within(1e-6));
        assertThat(logVars.grad().to(DType.FLOAT64).toDoubleArray())
                .containsExactly(new double[] {1 - Math.exp(-s1) * 1.2, 1 - Math.exp(-s2) * 0.7}, within(1e-6));
    }

    @Test
    void uncertaintyLossPassesAGradientCheckInItsTaskLosses() {
        MultiTaskLoss loss = MultiTaskLoss.uncertainty(3);
        GradCheck.assertGradients(in -> loss.call(List.of(in[0], in[1], in[2])), scalar(0.4), scalar(2.5), scalar(0.01));
    }

    @Test
    void startsWithEveryWeightAtOne() {
        assertThat(MultiTaskLoss.uncertainty(2).weights()).containsExactly(1, 1);
        assertThat(MultiTaskLoss.uncertainty(2).learned()).isTrue();
        assertThat(MultiTaskLoss.fixed(1, 0.5).learned()).isFalse();
        assertThat(MultiTaskLoss.fixed(1, 0.5).parameters()).isEmpty();
    }

    @Test
    void refusesBadWeightsAndLosses() {
        assertThatThrownBy(() -> MultiTaskLoss.fixed(1, -0.5)).hasMessage("MultiTaskLoss: task weights must be finite and >= 0, got [1.0, -0.5]");
        assertThatThrownBy(() -> MultiTaskLoss.fixed(0, 0)).hasMessage("MultiTaskLoss: at least one task weight must be > 0, got [0.0, 0.0]");
        assertThatThrownBy(() -> MultiTaskLoss.fixed()).hasMessage("MultiTaskLoss: needs at least one task, got 0");
        assertThatThrownBy(() -> MultiTaskLoss.fixed(1, 1).call(List.of(scalar(1))))
                .hasMessageContaining("expected 2 task losses, got 1");
        assertThatThrownBy(() -> MultiTaskLoss.fixed(1).call(List.of(Tensor.ones(2))))
                .hasMessageContaining("each task loss must be a scalar (0-d), got [2]");
    }
}
