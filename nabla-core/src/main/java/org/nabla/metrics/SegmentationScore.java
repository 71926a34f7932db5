package org.nabla.metrics;

import java.util.function.ToDoubleFunction;
import org.nabla.tensor.Tensor;

/**
 * One number of {@link Segmentation} as an epoch {@link Metric}: class scores [N, C, H, W] (argmax over dim 1)
 * against class maps [N, H, W], accumulated over the batches: {@link #pixelAccuracy}, {@link #meanPixelAccuracy},
 * {@link #meanIou}.
 */
public final class SegmentationScore implements Metric {
    private final String name;
    private final int classes;
    private final ToDoubleFunction<Segmentation> score;
    private Segmentation counts;

    private SegmentationScore(String name, int classes, ToDoubleFunction<Segmentation> score) {
        this.name = name;
        this.classes = classes;
        this.score = score;
        this.counts = new Segmentation(classes);
    }

    /** "pixel_accuracy": the fraction of pixels classified correctly. */
    public static SegmentationScore pixelAccuracy(int classes) { return new SegmentationScore("pixel_accuracy", classes, Segmentation::pixelAccuracy); }

    /** "mean_pixel_accuracy": per-class pixel accuracy averaged over the classes present. */
    public static SegmentationScore meanPixelAccuracy(int classes) { return new SegmentationScore("mean_pixel_accuracy", classes, Segmentation::meanPixelAccuracy); }

    /** "miou": intersection over union per class, averaged over the classes present in prediction or target. */
    public static SegmentationScore meanIou(int classes) { return new SegmentationScore("miou", classes, Segmentation::meanIou); }

    @Override public String name() { return name; }

    @Override
    public void update(Tensor output, Tensor target) { counts.add(output.detach(), target); }

    @Override public double compute() { return score.applyAsDouble(counts); }

    @Override public void reset() { counts = new Segmentation(classes); }

    /** The pixel counts since the last reset, for the other numbers (per-class IoU, the confusion matrix). */
    public Segmentation counts() { return counts; }
}
