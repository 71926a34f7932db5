package org.nabla.metrics;

import java.util.Arrays;
import org.nabla.tensor.Tensor;

/**
 * Segmentation metrics over label maps: per-class intersection over union, mean IoU, pixel accuracy and mean pixel
 * accuracy (per-class accuracy averaged over the classes present); {@link SegmentationScore} logs them per epoch.
 * Pixels whose target equals the ignore index are left out entirely (as PyTorch's cross_entropy ignore_index,
 * commonly 255). A class absent from both prediction and target has no IoU (NaN) and is left out of the mean,
 * as torchmetrics' JaccardIndex with absent classes and mmsegmentation's nanmean.
 */
public final class Segmentation {
    private final long[][] counts;
    private final int ignoreIndex;

    /** An empty accumulator for numClasses classes; pixels whose target is ignoreIndex are skipped. */
    public Segmentation(int numClasses, int ignoreIndex) {
        if (numClasses < 1) throw new IllegalArgumentException("Segmentation: numClasses must be positive, got " + numClasses);
        this.counts = new long[numClasses][numClasses];
        this.ignoreIndex = ignoreIndex;
    }

    /** Without an ignore index. */
    public Segmentation(int numClasses) { this(numClasses, Integer.MIN_VALUE); }

    /** Adds predicted and target label maps of the same length (any shape flattened). */
    public Segmentation add(int[] predicted, int[] target) {
        String metric = "segmentation metrics";
        Inputs.sameLength(metric, predicted.length, target.length);
        int c = counts.length;
        for (int i = 0; i < target.length; i++) {
            int t = target[i];
            if (t == ignoreIndex) continue;
            int p = predicted[i];
            if (t < 0 || t >= c) throw new IllegalArgumentException(metric + ": target label " + t + " at index " + i + " is out of range [0, " + c + ")" + ignoreNote());
            if (p < 0 || p >= c) throw new IllegalArgumentException(metric + ": predicted label " + p + " at index " + i + " is out of range [0, " + c + ")");
            counts[t][p]++;
        }
        return this;
    }

    /**
     * Adds label maps given as tensors: predictions either a label map of the target's shape, or scores with the
     * class dimension at dim 1 ([N, C, H, W] against targets [N, H, W]), whose argmax over dim 1 is taken.
     */
    public Segmentation add(Tensor predictions, Tensor target) {
        String metric = "segmentation metrics";
        Tensor labels = predictions;
        if (predictions.dim() == target.dim() + 1) {
            labels = predictions.argmax(1, false);
        } else if (!Arrays.equals(predictions.shape(), target.shape())) {
            throw new IllegalArgumentException(metric + ": predictions " + Arrays.toString(predictions.shape())
                    + " must match the target " + Arrays.toString(target.shape()) + " or add a class dimension at 1");
        }
        if (!Arrays.equals(labels.shape(), target.shape())) {
            throw new IllegalArgumentException(metric + ": predictions " + Arrays.toString(predictions.shape())
                    + " do not match the target " + Arrays.toString(target.shape()));
        }
        return add(Inputs.labels(metric, labels), Inputs.labels(metric, target));
    }

    private String ignoreNote() {
        return ignoreIndex == Integer.MIN_VALUE ? "" : " (ignore index " + ignoreIndex + ")";
    }

    /** Confusion matrix of the counted pixels, rows = true class. */
    public ConfusionMatrix confusionMatrix() {
        ConfusionMatrix m = new ConfusionMatrix(counts.length);
        for (int t = 0; t < counts.length; t++) for (int p = 0; p < counts.length; p++) m.addCount(p, t, counts[t][p]);
        return m;
    }

    /** Per-class IoU = TP / (TP + FP + FN); NaN for a class absent from both prediction and target. */
    public double[] iou() {
        int c = counts.length;
        double[] out = new double[c];
        for (int k = 0; k < c; k++) {
            long tp = counts[k][k], union = -tp;
            for (int j = 0; j < c; j++) union += counts[k][j] + counts[j][k];
            out[k] = union == 0 ? Double.NaN : (double) tp / union;
        }
        return out;
    }

    /** Mean of the per-class IoU over the classes present (NaN if no pixel was counted). */
    public double meanIou() { return meanOfPresent(iou()); }

    /** Fraction of counted (not ignored) pixels predicted correctly (NaN if none). */
    public double pixelAccuracy() {
        long correct = 0, total = 0;
        for (int t = 0; t < counts.length; t++) {
            correct += counts[t][t];
            for (long v : counts[t]) total += v;
        }
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    /**
     * Per-class pixel accuracy (recall): the fraction of each class's pixels predicted as that class; NaN for a
     * class absent from the target.
     */
    public double[] classAccuracy() {
        double[] out = new double[counts.length];
        for (int t = 0; t < counts.length; t++) {
            long total = 0;
            for (long v : counts[t]) total += v;
            out[t] = total == 0 ? Double.NaN : (double) counts[t][t] / total;
        }
        return out;
    }

    /** Mean pixel accuracy: the mean of {@link #classAccuracy()} over the classes present in the target (NaN if none). */
    public double meanPixelAccuracy() { return meanOfPresent(classAccuracy()); }

    /** The mean of the values that are not NaN (the classes present), NaN if none. */
    private static double meanOfPresent(double[] values) {
        double s = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                s += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /** The number of classes counted. */
    public int numClasses() { return counts.length; }

    public static double meanIou(int[] predicted, int[] target, int numClasses, int ignoreIndex) {
        return new Segmentation(numClasses, ignoreIndex).add(predicted, target).meanIou();
    }

    public static double pixelAccuracy(int[] predicted, int[] target, int numClasses, int ignoreIndex) {
        return new Segmentation(numClasses, ignoreIndex).add(predicted, target).pixelAccuracy();
    }
}
