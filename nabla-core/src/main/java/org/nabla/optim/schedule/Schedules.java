package org.nabla.optim.schedule;

import org.nabla.optim.Adam;
import org.nabla.optim.AdamW;
import org.nabla.optim.Optimizer;
import org.nabla.optim.OptimizerOptions;
import org.nabla.optim.ParamGroup;
import org.nabla.optim.SGD;
import org.nabla.registry.Registry;

/** The built-in learning-rate schedules by name, as the command line sets them up: the registration point of schedules. */
public final class Schedules {
    private Schedules() {}

    /**
     * A schedule set up for one run: a scheduler stepped per batch or per epoch, a plateau watcher stepped with the
     * validation loss, or neither (a constant rate).
     */
    public record Schedule(LRScheduler scheduler, boolean perBatch, ReduceLROnPlateau plateau) {
        public static final Schedule NONE = new Schedule(null, false, null);
    }

    /** Sets a schedule up over {@code optimizer} for a run of {@code epochs} epochs and {@code totalSteps} optimizer steps. */
    @FunctionalInterface
    public interface Factory {
        Schedule create(Optimizer optimizer, int epochs, int totalSteps);
    }

    /**
     * A registered schedule.
     *
     * @param minSteps        the fewest optimizer steps it can spread over (1 for most)
     * @param needsValidation whether it watches the validation loss
     */
    public record Kind(Factory factory, int minSteps, boolean needsValidation) {}

    public static final Registry<Kind> REGISTRY = new Registry<Kind>("schedule")
            .register("onecycle", "one-cycle policy per batch: warm-up to --lr (each group's own), cosine down",
                    new Kind((opt, epochs, steps) -> new Schedule(new OneCycleLR(opt, OneCycleLR.options(opt.paramGroups().stream().mapToDouble(ParamGroup::lr).toArray())
                            .totalSteps(steps).cycleMomentum(hasMomentum(opt))), true, null),
                            OneCycleLR.minTotalSteps(OneCycleLR.DEFAULT_PCT_START), false))
            .register("cosine", "cosine annealing to 0, per batch",
                    new Kind((opt, epochs, steps) -> new Schedule(new CosineAnnealingLR(opt, steps), true, null), 1, false))
            .register("restarts", "cosine annealing with warm restarts (SGDR) per batch: a cycle per epoch (per --snapshots cycle)",
                    new Kind((opt, epochs, steps) -> restarts(opt, steps, epochs), 1, false))
            .register("step", "x0.1 every third of the epochs",
                    new Kind((opt, epochs, steps) -> new Schedule(new StepLR(opt, Math.max(1, epochs / 3), 0.1), false, null), 1, false))
            .register("exponential", "x0.9 per epoch",
                    new Kind((opt, epochs, steps) -> new Schedule(new ExponentialLR(opt, 0.9), false, null), 1, false))
            .register("plateau", "x0.1 after 2 epochs without a better val loss (--val-split)",
                    new Kind((opt, epochs, steps) -> new Schedule(null, false,
                            new ReduceLROnPlateau(opt, ReduceLROnPlateau.options().factor(0.1).patience(2))), 1, true))
            .register("none", "a constant learning rate", new Kind((opt, epochs, steps) -> Schedule.NONE, 1, false));

    /**
     * Cosine annealing with warm restarts stepped per batch: {@code cycles} equal cycles over {@code totalSteps}
     * optimizer steps (a multiple of {@code cycles}), each from the optimizer's rate down towards 0, as snapshot
     * ensembles train.
     */
    public static Schedule restarts(Optimizer optimizer, int totalSteps, int cycles) {
        if (cycles < 1 || totalSteps % cycles != 0)
            throw new IllegalArgumentException("restarts: " + totalSteps + " steps do not split into " + cycles + " equal cycles");
        return new Schedule(new CosineAnnealingWarmRestarts(optimizer, totalSteps / cycles), true, null);
    }

    /**
     * Whether one-cycle cycles a momentum: for optimizers that have one in use (sgd with momentum > 0, adam's beta1);
     * cycling a zero momentum would switch it on.
     */
    private static boolean hasMomentum(Optimizer opt) {
        OptimizerOptions o = opt.defaults();
        return o instanceof Adam.Options || o instanceof AdamW.Options || o instanceof SGD.Options sgd && sgd.momentum() > 0;
    }
}
