package org.nabla.optim.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.nabla.optim.OptimFixtures.assertClose;
import static org.nabla.optim.OptimFixtures.cases;
import static org.nabla.optim.OptimFixtures.doubles;
import static org.nabla.optim.OptimFixtures.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nabla.optim.OptimFixtures;
import org.nabla.optim.Optimizer;
import org.nabla.optim.ParamGroup;
import org.nabla.tensor.Tensor;

/**
 * Every schedule case of {@code optim.json}: the learning rate of each param group after construction and after
 * each step (and the cycled momentum for OneCycleLR) equals PyTorch 1.13's to 1e-12 relative (the recursive forms
 * agree to rounding). Schedulers listed together are stepped together, as PyTorch chains them.
 */
class ScheduleFixtureTest {
    private static final double RTOL = 1e-12, ATOL = 1e-15;

    @TestFactory
    Stream<DynamicTest> learningRatesMatchPyTorch() {
        return cases("schedules").map(c -> dynamicTest((String) c.get("name"), () -> {
            Optimizer opt = optimizer(c);
            List<?> kinds = (List<?>) c.get("schedulers"), args = (List<?>) c.get("args");
            List<Object> schedulers = new ArrayList<>();
            for (int i = 0; i < kinds.size(); i++) schedulers.add(scheduler(opt, (String) kinds.get(i), map(args.get(i))));
            List<?> lrs = (List<?>) c.get("lrs"), momenta = (List<?>) c.get("momenta");
            String name = (String) c.get("name");
            check(name, 0, opt, lrs, momenta);
            int steps = lrs.size() - 1;
            for (int t = 1; t <= steps; t++) {
                opt.step();
                if (c.containsKey("metrics")) {
                    ((ReduceLROnPlateau) schedulers.get(0)).step(doubles(c.get("metrics"))[t - 1]);
                } else if (c.containsKey("epochs")) {
                    ((CosineAnnealingWarmRestarts) schedulers.get(0)).step(doubles(c.get("epochs"))[t - 1]);
                } else {
                    for (Object s : schedulers) ((LRScheduler) s).step();
                }
                check(name, t, opt, lrs, momenta);
            }
            Object last = schedulers.get(schedulers.size() - 1);
            List<Double> lastLr = last instanceof LRScheduler s ? s.getLastLr() : ((ReduceLROnPlateau) last).getLastLr();
            assertClose(name + " getLastLr", lastLr.stream().mapToDouble(Double::doubleValue).toArray(), doubles(lrs.get(steps)), RTOL, ATOL);
        }));
    }

    private static void check(String name, int t, Optimizer opt, List<?> lrs, List<?> momenta) {
        List<ParamGroup> groups = opt.paramGroups();
        double[] got = new double[groups.size()], mom = new double[groups.size()];
        for (int i = 0; i < got.length; i++) got[i] = groups.get(i).lr();
        assertClose(name + " lr at step " + t, got, doubles(lrs.get(t)), RTOL, ATOL);
        if (momenta == null) return;
        for (int i = 0; i < got.length; i++) mom[i] = groups.get(i).momentum();
        assertClose(name + " momentum at step " + t, mom, doubles(momenta.get(t)), RTOL, ATOL);
    }

    private static Optimizer optimizer(Map<String, Object> c) {
        List<ParamGroup> groups = new ArrayList<>();
        for (double lr : doubles(c.get("group_lrs"))) groups.add(ParamGroup.of(List.of(Tensor.zeros(1).requiresGrad(true)), o -> o.withLr(lr)));
        return OptimFixtures.make((String) c.get("optimizer"), map(c.get("options")), groups);
    }

    private static double num(Map<String, Object> a, String key, double orElse) {
        Object v = a.get(key);
        return v == null ? orElse : ((Number) v).doubleValue();
    }

    private static int integer(Map<String, Object> a, String key, int orElse) { return (int) num(a, key, orElse); }

    private static double[] list(Map<String, Object> a, String key, double orElse) {
        Object v = a.get(key);
        if (v == null) return new double[] {orElse};
        return v instanceof List<?> ? doubles(v) : new double[] {((Number) v).doubleValue()};
    }

    private static Object scheduler(Optimizer o, String kind, Map<String, Object> a) {
        return switch (kind) {
            case "StepLR" -> new StepLR(o, integer(a, "step_size", -1), num(a, "gamma", 0.1));
            case "MultiStepLR" -> {
                double[] m = doubles(a.get("milestones"));
                int[] milestones = new int[m.length];
                for (int i = 0; i < m.length; i++) milestones[i] = (int) m[i];
                yield new MultiStepLR(o, milestones, num(a, "gamma", 0.1));
            }
            case "ExponentialLR" -> new ExponentialLR(o, num(a, "gamma", Double.NaN));
            case "ExponentialDecay" -> ExponentialLR.withDecayRate(o, num(a, "k", Double.NaN));
            case "CosineAnnealingLR" -> new CosineAnnealingLR(o, integer(a, "T_max", -1), num(a, "eta_min", 0));
            case "CosineAnnealingWarmRestarts" ->
                    new CosineAnnealingWarmRestarts(o, integer(a, "T_0", -1), integer(a, "T_mult", 1), num(a, "eta_min", 0));
            case "LinearLR" -> new LinearLR(o, num(a, "start_factor", 1.0 / 3), num(a, "end_factor", 1.0), integer(a, "total_iters", 5));
            case "OneCycleLR" -> {
                OneCycleLR.Options opts = OneCycleLR.options(list(a, "max_lr", Double.NaN))
                        .pctStart(num(a, "pct_start", 0.3))
                        .anneal("linear".equals(a.get("anneal_strategy")) ? OneCycleLR.Anneal.LINEAR : OneCycleLR.Anneal.COS)
                        .cycleMomentum(!Boolean.FALSE.equals(a.get("cycle_momentum")))
                        .baseMomentum(list(a, "base_momentum", 0.85))
                        .maxMomentum(list(a, "max_momentum", 0.95))
                        .divFactor(num(a, "div_factor", 25))
                        .finalDivFactor(num(a, "final_div_factor", 1e4))
                        .threePhase(Boolean.TRUE.equals(a.get("three_phase")));
                if (a.containsKey("total_steps")) opts.totalSteps(integer(a, "total_steps", -1));
                else opts.epochs(integer(a, "epochs", -1), integer(a, "steps_per_epoch", -1));
                yield new OneCycleLR(o, opts);
            }
            case "ReduceLROnPlateau" -> new ReduceLROnPlateau(o, ReduceLROnPlateau.options()
                    .mode("max".equals(a.get("mode")) ? ReduceLROnPlateau.Mode.MAX : ReduceLROnPlateau.Mode.MIN)
                    .factor(num(a, "factor", 0.1))
                    .patience(integer(a, "patience", 10))
                    .threshold(num(a, "threshold", 1e-4))
                    .thresholdMode("abs".equals(a.get("threshold_mode")) ? ReduceLROnPlateau.ThresholdMode.ABS : ReduceLROnPlateau.ThresholdMode.REL)
                    .cooldown(integer(a, "cooldown", 0))
                    .minLr(list(a, "min_lr", 0))
                    .eps(num(a, "eps", 1e-8)));
            default -> throw new IllegalArgumentException("unknown scheduler " + kind);
        };
    }

    @TestFactory
    Stream<DynamicTest> everySchedulerKindIsCovered() {
        List<String> kinds = cases("schedules").flatMap(c -> ((List<?>) c.get("schedulers")).stream().map(String.class::cast)).distinct().toList();
        return Stream.of(dynamicTest("kinds", () -> assertThat(kinds).contains("StepLR", "MultiStepLR", "ExponentialLR", "ExponentialDecay",
                "CosineAnnealingLR", "CosineAnnealingWarmRestarts", "LinearLR", "OneCycleLR", "ReduceLROnPlateau")));
    }
}
