package org.nabla.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.nabla.optim.OptimFixtures.assertClose;
import static org.nabla.optim.OptimFixtures.doubles;
import static org.nabla.optim.OptimFixtures.initialParams;
import static org.nabla.optim.OptimFixtures.values;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nabla.tensor.Tensor;

/**
 * L1/L2 penalties as loss terms, and how they relate to weight decay: an L2 penalty equals coupled weight decay
 * (SGD's, Adam's) but not AdamW's decoupled decay, as in PyTorch.
 */
class PenaltyTest {

    @Test
    void valuesAndGradients() {
        Tensor a = Tensor.of(new double[] {1, -2, 0}, 3).requiresGrad(true), b = Tensor.of(new double[] {3}, 1).requiresGrad(true);
        Tensor l2 = Penalty.l2(List.of(a, b), 0.1);
        assertThat(l2.item()).isCloseTo(0.1 / 2 * (1 + 4 + 0 + 9), within(1e-15));
        l2.backward();
        assertThat(a.grad().toDoubleArray()).containsExactly(new double[] {0.1, -0.2, 0}, within(1e-15));
        a.setGrad(null);
        Tensor l1 = Penalty.l1(List.of(a, b), 0.5);
        assertThat(l1.item()).isEqualTo(0.5 * 6);
        l1.backward();
        assertThat(a.grad().toDoubleArray()).containsExactly(0.5, -0.5, 0);
        assertThatThrownBy(() -> Penalty.l1(List.of(), 1)).hasMessage("Penalty.l1: no parameters given");
    }

    /** 20 steps minimising loss + extra(params). */
    private static double[] trainWith(Function<List<Tensor>, Optimizer> make, double l2) {
        List<Tensor> params = initialParams();
        Optimizer opt = make.apply(params);
        for (int i = 0; i < 20; i++) {
            opt.zeroGrad();
            Tensor loss = OptimFixtures.loss(params);
            if (l2 != 0) loss = loss.add(Penalty.l2(params, l2));
            loss.backward();
            opt.step();
        }
        return values(params);
    }

    private static double[] fixture(String name) {
        Map<String, Object> c = OptimFixtures.cases("optimizers").filter(m -> m.get("name").equals(name)).findFirst().orElseThrow();
        List<?> p = (List<?>) c.get("params");
        double[] w = doubles(p.get(0)), b = doubles(p.get(1));
        double[] out = java.util.Arrays.copyOf(w, w.length + b.length);
        System.arraycopy(b, 0, out, w.length, b.length);
        return out;
    }

    @Test
    void l2PenaltyInPlainSgdEqualsSgdWeightDecay() {
        double[] penalty = trainWith(ps -> new SGD(ps, SGD.Options.defaults().withLr(0.1)), 0.1);
        double[] decay = trainWith(ps -> new SGD(ps, SGD.Options.defaults().withLr(0.1).withWeightDecay(0.1)), 0);
        assertClose("SGD + L2 penalty vs SGD(weight_decay)", penalty, decay, 1e-12, 1e-14);
        assertClose("SGD + L2 penalty vs PyTorch SGD(weight_decay)", penalty, fixture("sgd_weight_decay"), 1e-10, 1e-13);
    }

    @Test
    void adamWeightDecayIsAnL2PenaltyButAdamWDecayIsNot() {
        double[] adamPenalty = trainWith(ps -> new Adam(ps, Adam.Options.defaults().withLr(0.05)), 0.1);
        double[] adamDecay = trainWith(ps -> new Adam(ps, Adam.Options.defaults().withLr(0.05).withWeightDecay(0.1)), 0);
        double[] adamW = trainWith(ps -> new AdamW(ps, AdamW.Options.defaults().withLr(0.05).withWeightDecay(0.1)), 0);
        assertClose("Adam + L2 penalty vs Adam(weight_decay)", adamPenalty, adamDecay, 1e-12, 1e-14);
        // each matches its own PyTorch run ...
        assertClose("Adam(weight_decay)", adamDecay, fixture("adam_weight_decay"), 1e-10, 1e-13);
        assertClose("AdamW(weight_decay)", adamW, fixture("adamw_weight_decay"), 1e-10, 1e-13);
        // ... and the two differ well beyond rounding
        assertThat(OptimFixtures.maxRelError(adamW, adamDecay)).isGreaterThan(1e-3);
    }

    @Test
    void penaltiesWorkOnFloat32Parameters() {
        List<Tensor> ps = List.of(Tensor.of(new float[] {1, -2}, 2).requiresGrad(true));
        assertThat(Penalty.l2(ps, 2).item()).isEqualTo(5.0);
        assertThat(Penalty.l1(ps, 2).item()).isEqualTo(6.0);
    }
}
