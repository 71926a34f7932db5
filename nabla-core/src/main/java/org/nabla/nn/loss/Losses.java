package org.nabla.nn.loss;

import java.util.function.Supplier;
import org.nabla.registry.Registry;

/** The losses a command line can choose by name, and what targets each takes: the registration point of losses. */
public final class Losses {
    private Losses() {}

    /** What a loss compares the model's output with. */
    public enum Targets {
        /** class indices (int64): classification */
        CLASSES,
        /** real values (float): regression */
        VALUES
    }

    /** A registered loss: a fresh instance (mean reduction) per call of {@code make}. */
    public record Kind(Supplier<Loss> make, Targets targets) {}

    public static final Registry<Kind> REGISTRY = new Registry<Kind>("loss")
            .register("cross-entropy", "cross-entropy of logits vs classes (the default for classes)",
                    new Kind(CrossEntropyLoss::new, Targets.CLASSES))
            .register("dice", "soft Dice loss of softmax probabilities vs class maps, 1 - mean over classes (segmentation)",
                    new Kind(DiceLoss::new, Targets.CLASSES))
            .register("focal", "softmax focal loss -(1 - p_t)^2 log p_t vs classes or class maps (down-weights easy pixels)",
                    new Kind(SoftmaxFocalLoss::new, Targets.CLASSES))
            .register("mse", "mean squared error (the default for values)", new Kind(MSELoss::new, Targets.VALUES))
            .register("l1", "mean absolute error", new Kind(L1Loss::new, Targets.VALUES))
            .register("huber", "squared below 1, linear beyond (delta 1)", new Kind(HuberLoss::new, Targets.VALUES))
            .register("smooth-l1", "Huber divided by its delta (beta 1)", new Kind(SmoothL1Loss::new, Targets.VALUES));
}
