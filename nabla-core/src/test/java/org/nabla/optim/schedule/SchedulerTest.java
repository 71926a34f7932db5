package org.nabla.optim.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nabla.optim.Adagrad;
import org.nabla.optim.Adam;
import org.nabla.optim.Optimizer;
import org.nabla.optim.OptimizerState;
import org.nabla.optim.ParamGroup;
import org.nabla.optim.SGD;
import org.nabla.tensor.Tensor;

class SchedulerTest {

    private static SGD sgd(double... lrs) {
        List<ParamGroup> groups = new ArrayList<>();
        for (double lr : lrs) groups.add(ParamGroup.of(List.of(Tensor.zeros(1).requiresGrad(true)), o -> o.withLr(lr)));
        return new SGD(SGD.Options.defaults().withMomentum(0.9), groups);
    }

    @Test
    void exponentialDecayWithRateKFollowsLr0TimesEToTheMinusKt() {
        SGD opt = sgd(0.2);
        ExponentialLR s = ExponentialLR.withDecayRate(opt, 0.03);
        assertThat(s.gamma()).isEqualTo(Math.exp(-0.03));
        for (int t = 0; t <= 100; t++) {
            assertThat(opt.paramGroups().get(0).lr()).as("t=%d", t).isCloseTo(0.2 * Math.exp(-0.03 * t), within(1e-15));
            opt.step();
            s.step();
        }
    }

    @Test
    void constructionPerformsStepZeroAndRecordsInitialLr() {
        SGD opt = sgd(0.1, 0.3);
        LinearLR warmup = new LinearLR(opt, 0.5, 1.0, 4);
        assertThat(warmup.lastEpoch()).isZero();
        assertThat(warmup.getLastLr()).containsExactly(0.05, 0.15);
        assertThat(opt.paramGroups().get(1).schedulerValue("initial_lr")).isEqualTo(0.3);
        double[] seen = new double[6];
        for (int t = 0; t < 6; t++) {
            warmup.step();
            seen[t] = warmup.getLastLr().get(0);
        }
        // closed form lr0 * (0.5 + 0.5 * min(t, 4) / 4)
        assertThat(seen).containsExactly(new double[] {0.0625, 0.075, 0.0875, 0.1, 0.1, 0.1}, within(1e-15));
    }

    @Test
    void cosineAnnealingReachesEtaMinAtTMaxAndMatchesTheClosedForm() {
        SGD opt = sgd(1.0);
        CosineAnnealingLR s = new CosineAnnealingLR(opt, 8, 0.1);
        for (int t = 1; t <= 8; t++) {
            s.step();
            assertThat(s.getLastLr().get(0)).isCloseTo(0.1 + 0.9 * (1 + Math.cos(Math.PI * t / 8)) / 2, within(1e-14));
        }
        assertThat(s.getLastLr().get(0)).isCloseTo(0.1, within(1e-15));
    }

    @Test
    void stateDictResumesSchedulerAndOptimizerExactly() {
        // an uninterrupted run of 25 steps
        List<Double> straight = run(25, null);
        // 12 steps, save both, rebuild fresh ones (construction runs step 0), load, 13 more
        List<Double> resumed = run(25, 12);
        assertThat(resumed).isEqualTo(straight);
    }

    private static List<Double> run(int steps, Integer saveAt) {
        Function<Optimizer, LRScheduler> make = o -> new CosineAnnealingWarmRestarts(o, 4, 2, 0.01);
        SGD opt = sgd(0.1);
        LRScheduler s = make.apply(opt);
        List<Double> out = new ArrayList<>();
        for (int t = 1; t <= steps; t++) {
            opt.step();
            s.step();
            out.add(opt.paramGroups().get(0).lr());
            if (saveAt != null && t == saveAt) {
                OptimizerState optState = opt.stateDict();
                Map<String, Double> schedState = s.stateDict();
                opt = sgd(0.1);
                s = make.apply(opt);
                opt.loadStateDict(optState);
                s.loadStateDict(schedState);
            }
        }
        return out;
    }

    @Test
    void oneCycleCyclesMomentumAndStopsAfterTotalSteps() {
        SGD opt = sgd(0.1);
        OneCycleLR s = new OneCycleLR(opt, OneCycleLR.options(1.0).totalSteps(10));
        ParamGroup g = opt.paramGroups().get(0);
        assertThat(g.lr()).isCloseTo(0.04, within(1e-15));
        assertThat(g.momentum()).isCloseTo(0.95, within(1e-15));
        double lowest = 1;
        for (int t = 1; t <= 10; t++) {
            s.step();
            lowest = Math.min(lowest, g.momentum());
            if (t == 2) assertThat(g.lr()).isCloseTo(1.0, within(1e-15)); // the peak, at pct_start * total - 1
        }
        assertThat(lowest).isCloseTo(0.85, within(1e-15));
        assertThatThrownBy(s::step).isInstanceOf(IllegalStateException.class)
                .hasMessage("OneCycleLR: tried to step 12 times; the specified number of total steps is 10");
        Adam adam = new Adam(List.of(Tensor.zeros(1).requiresGrad(true)));
        new OneCycleLR(adam, OneCycleLR.options(0.01).totalSteps(10));
        assertThat(((Adam.Options) adam.paramGroups().get(0).options()).beta1()).isEqualTo(0.95);
        assertThat(((Adam.Options) adam.paramGroups().get(0).options()).beta2()).isEqualTo(0.999);
        assertThat(adam.paramGroups().get(0).schedulerValues()).containsOnlyKeys("initial_lr", "max_lr", "min_lr", "max_momentum", "base_momentum");
    }

    @Test
    void reduceOnPlateauWaitsForPatienceThenCoolsDown() {
        SGD opt = sgd(1.0);
        ReduceLROnPlateau s = new ReduceLROnPlateau(opt, ReduceLROnPlateau.options().patience(2).factor(0.5).cooldown(1).minLr(0.2));
        double[] metrics = {5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4};
        List<Double> lrs = new ArrayList<>();
        for (double m : metrics) {
            s.step(m);
            lrs.add(s.getLastLr().get(0));
        }
        assertThat(lrs).containsExactly(1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25);
        for (int i = 0; i < 4; i++) s.step(4);
        assertThat(s.getLastLr()).containsExactly(0.2); // min_lr
        assertThat(s.best()).isEqualTo(4);
    }

    @Test
    void badArgumentsNameTheScheduler() {
        SGD opt = sgd(0.1);
        assertThatThrownBy(() -> new StepLR(opt, 0)).hasMessage("StepLR: stepSize must be >= 1, got 0");
        assertThatThrownBy(() -> new CosineAnnealingLR(opt, 0)).hasMessage("CosineAnnealingLR: T_max must be >= 1, got 0");
        assertThatThrownBy(() -> new CosineAnnealingWarmRestarts(opt, 0)).hasMessage("CosineAnnealingWarmRestarts: expected a positive T_0, got 0");
        assertThatThrownBy(() -> new CosineAnnealingWarmRestarts(opt, 3, 0, 0)).hasMessage("CosineAnnealingWarmRestarts: expected T_mult >= 1, got 0");
        assertThatThrownBy(() -> new LinearLR(opt, 0, 1, 5)).hasMessage("LinearLR: startFactor must be in (0, 1], got 0.0");
        assertThatThrownBy(() -> new LinearLR(opt, 0.5, 1.5, 5)).hasMessage("LinearLR: endFactor must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> new ExponentialLR(opt, -0.5)).hasMessage("ExponentialLR: gamma must be > 0, got -0.5");
        assertThatThrownBy(() -> ExponentialLR.withDecayRate(opt, -1)).hasMessage("ExponentialLR: decay rate k must be finite and >= 0, got -1.0");
        assertThatThrownBy(() -> new ReduceLROnPlateau(opt, ReduceLROnPlateau.options().factor(1.0)))
                .hasMessage("ReduceLROnPlateau: factor should be < 1.0, got 1.0");
        assertThatThrownBy(() -> new ReduceLROnPlateau(opt, ReduceLROnPlateau.options().minLr(0.1, 0.2)))
                .hasMessage("ReduceLROnPlateau: expected 1 min_lrs, got 2");
        assertThatThrownBy(() -> new OneCycleLR(opt, OneCycleLR.options(0.1)))
                .hasMessage("OneCycleLR: define either totalSteps or (epochs and stepsPerEpoch)");
        assertThatThrownBy(() -> new OneCycleLR(opt, OneCycleLR.options(0.1).totalSteps(10).pctStart(1.5)))
                .hasMessage("OneCycleLR: expected pctStart in [0, 1], got 1.5");
        assertThatThrownBy(() -> new OneCycleLR(opt, OneCycleLR.options(0.1, 0.2).totalSteps(10)))
                .hasMessage("OneCycleLR: expected 1 values for maxLr, got 2");
        assertThatThrownBy(() -> new OneCycleLR(opt, OneCycleLR.options(0.1).totalSteps(10).pctStart(0.1)))
                .hasMessageStartingWith("OneCycleLR: a phase would have no steps (totalSteps 10, pctStart 0.1)");
        Adagrad adagrad = new Adagrad(List.of(Tensor.zeros(1).requiresGrad(true)));
        assertThatThrownBy(() -> new OneCycleLR(adagrad, OneCycleLR.options(0.1).totalSteps(10)))
                .hasMessage("OneCycleLR: cycleMomentum needs an optimizer with momentum or betas, Adagrad has neither (use cycleMomentum(false))");
        CosineAnnealingWarmRestarts wr = new CosineAnnealingWarmRestarts(opt, 3);
        assertThatThrownBy(() -> wr.step(-1)).hasMessage("CosineAnnealingWarmRestarts: expected a non-negative epoch, got -1.0");
    }
}
