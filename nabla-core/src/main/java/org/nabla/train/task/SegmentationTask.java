package org.nabla.train.task;

import org.nabla.data.Batch;
import org.nabla.data.augment.GeometricAugment;
import org.nabla.metrics.SegmentationScore;
import org.nabla.nn.Module;
import org.nabla.nn.loss.CrossEntropyLoss;
import org.nabla.nn.loss.Loss;
import org.nabla.optim.Optimizer;
import org.nabla.tensor.Generator;
import org.nabla.train.StepContext;
import org.nabla.train.StepResult;

/**
 * Semantic segmentation: class scores [N, C, H, W] against class maps [N, H, W] (int64), per-pixel cross-entropy
 * unless told otherwise (Dice, focal, class-weighted cross-entropy); metrics pixel accuracy, mean pixel accuracy and
 * mIoU over each epoch's pixels. A geometric augmentation, when given, moves each training batch's masks with its
 * images (nearest-neighbour, so class ids stay class ids).
 */
public final class SegmentationTask extends SupervisedTask {
    private final GeometricAugment augment;
    private final Generator augmentGenerator;

    /** Cross-entropy when {@code loss} is null. */
    public SegmentationTask(Module model, Optimizer optimizer, Loss loss, int classes) { this(model, optimizer, loss, classes, null, null); }

    /** With each training batch's images and masks moved alike by {@code augment}, drawing from {@code gen}. */
    public SegmentationTask(Module model, Optimizer optimizer, Loss loss, int classes, GeometricAugment augment, Generator gen) {
        super(model, optimizer, loss != null ? loss : new CrossEntropyLoss());
        if (classes < 2) throw new IllegalArgumentException("SegmentationTask: need at least 2 classes, got " + classes);
        if (augment != null && gen == null) throw new IllegalArgumentException("SegmentationTask: an augmentation needs a generator");
        this.augment = augment;
        this.augmentGenerator = gen;
        metric(() -> SegmentationScore.pixelAccuracy(classes));
        metric(() -> SegmentationScore.meanPixelAccuracy(classes));
        metric(() -> SegmentationScore.meanIou(classes));
    }

    @Override
    public StepResult trainStep(Batch batch, StepContext ctx) {
        return super.trainStep(augment != null ? augment.applyToMasks(batch, augmentGenerator) : batch, ctx);
    }
}
