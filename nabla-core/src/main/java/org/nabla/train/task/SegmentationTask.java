package org.nabla.train.task;

import org.nabla.metrics.SegmentationScore;
import org.nabla.nn.Module;
import org.nabla.nn.loss.CrossEntropyLoss;
import org.nabla.nn.loss.Loss;
import org.nabla.optim.Optimizer;

/**
 * Semantic segmentation: class scores [N, C, H, W] against class maps [N, H, W] (int64), per-pixel cross-entropy
 * unless told otherwise (Dice, focal, class-weighted cross-entropy); metrics pixel accuracy, mean pixel accuracy and
 * mIoU over each epoch's pixels.
 */
public final class SegmentationTask extends SupervisedTask {
    /** Cross-entropy when {@code loss} is null. */
    public SegmentationTask(Module model, Optimizer optimizer, Loss loss, int classes) {
        super(model, optimizer, loss != null ? loss : new CrossEntropyLoss());
        if (classes < 2) throw new IllegalArgumentException("SegmentationTask: need at least 2 classes, got " + classes);
        metric(() -> SegmentationScore.pixelAccuracy(classes));
        metric(() -> SegmentationScore.meanPixelAccuracy(classes));
        metric(() -> SegmentationScore.meanIou(classes));
    }
}
