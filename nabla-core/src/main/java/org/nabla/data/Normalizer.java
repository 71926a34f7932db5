package org.nabla.data;

import java.util.Arrays;

/**
 * An affine per-feature transform x' = (x - shift) * scale whose statistics are fitted on one dataset
 * (the training split) and then applied, unchanged, to any other (validation, test). Statistics are taken
 * per feature, or per channel (dimension 0 of the sample shape, e.g. C of [C, H, W]) and broadcast over
 * the rest. Standard deviations are the population ones (divide by n); a constant feature keeps scale 1.
 */
public final class Normalizer {
    public enum Mode {
        /** min-max to [0, 1]. */
        SCALE,
        /** subtract the mean. */
        CENTER,
        /** subtract the mean, divide by the standard deviation. */
        STANDARDIZE
    }

    private final Mode mode;
    private final boolean perChannel;
    private final double[] shift, scale;
    private final int[] sampleShape;

    private Normalizer(Mode mode, boolean perChannel, double[] shift, double[] scale, int[] sampleShape) {
        this.mode = mode;
        this.perChannel = perChannel;
        this.shift = shift;
        this.scale = scale;
        this.sampleShape = sampleShape;
    }

    /** Fits per-feature statistics on {@code train}. */
    public static Normalizer fit(Dataset train, Mode mode) { return fit(train, mode, false); }

    /** Fits statistics on {@code train}, per channel when {@code perChannel}. */
    public static Normalizer fit(Dataset train, Mode mode, boolean perChannel) {
        int n = train.size(), len = train.sampleLength();
        int[] shape = train.sampleShape();
        if (n == 0) throw new IllegalArgumentException("Normalizer: cannot fit on an empty dataset");
        if (perChannel && shape.length < 1) throw new IllegalArgumentException("Normalizer: per-channel needs a sample shape with a channel dimension, got []");
        int groups = perChannel ? shape[0] : len, per = len / groups;
        double[] sum = new double[groups], sq = new double[groups], min = new double[groups], max = new double[groups];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        float[] row = new float[len];
        for (int i = 0; i < n; i++) {
            train.copyFeatures(i, row, 0);
            for (int j = 0; j < len; j++) {
                int g = perChannel ? j / per : j;
                double v = row[j];
                sum[g] += v;
                sq[g] += v * v;
                if (v < min[g]) min[g] = v;
                if (v > max[g]) max[g] = v;
            }
        }
        double count = (double) n * per;
        double[] shift = new double[groups], scale = new double[groups];
        for (int g = 0; g < groups; g++) {
            double mean = sum[g] / count;
            switch (mode) {
                case SCALE -> {
                    shift[g] = min[g];
                    scale[g] = max[g] > min[g] ? 1 / (max[g] - min[g]) : 1;
                }
                case CENTER -> {
                    shift[g] = mean;
                    scale[g] = 1;
                }
                case STANDARDIZE -> {
                    double var = Math.max(0, sq[g] / count - mean * mean);
                    shift[g] = mean;
                    scale[g] = var > 0 ? 1 / Math.sqrt(var) : 1;
                }
            }
        }
        return new Normalizer(mode, perChannel, shift, scale, shape);
    }

    /**
     * A normalizer with known statistics (for example saved with a model): {@code shift} and {@code scale} hold one
     * value per channel ({@code perChannel}, dimension 0 of {@code sampleShape}) or per feature.
     */
    public static Normalizer of(Mode mode, boolean perChannel, double[] shift, double[] scale, int[] sampleShape) {
        long len = Datasets.numel(sampleShape);
        long groups = perChannel ? (sampleShape.length == 0 ? -1 : sampleShape[0]) : len;
        if (shift.length != groups || scale.length != groups)
            throw new IllegalArgumentException("Normalizer.of: " + (perChannel ? "per-channel" : "per-feature") + " statistics for samples of "
                    + Arrays.toString(sampleShape) + " need " + groups + " shifts and scales, got " + shift.length + " and " + scale.length);
        return new Normalizer(mode, perChannel, shift.clone(), scale.clone(), sampleShape.clone());
    }

    public Mode mode() { return mode; }
    public boolean perChannel() { return perChannel; }
    /** The fitted shift (minimum or mean) per feature or per channel. */
    public double[] shift() { return shift.clone(); }
    /** The fitted multiplier (1 / range or 1 / std) per feature or per channel. */
    public double[] scale() { return scale.clone(); }
    /** The sample shape it was fitted on, the only one it applies to. */
    public int[] sampleShape() { return sampleShape.clone(); }

    /** {@code data} seen through the fitted transform (a view: nothing is copied). */
    public Dataset apply(Dataset data) {
        if (!Arrays.equals(data.sampleShape(), sampleShape))
            throw new IllegalArgumentException("Normalizer: fitted on samples of " + Arrays.toString(sampleShape) + ", got " + Arrays.toString(data.sampleShape()));
        if (data.inputs().size() != 1 || data.featureType() != org.nabla.tensor.DType.FLOAT32)
            throw new IllegalArgumentException("Normalizer: applies to one FLOAT32 input per sample, " + data + " has " + data.inputs());
        int len = data.sampleLength(), per = perChannel ? len / sampleShape[0] : 1;
        float[] sh = new float[len], sc = new float[len];
        for (int j = 0; j < len; j++) {
            sh[j] = (float) shift[j / per];
            sc[j] = (float) scale[j / per];
        }
        return new Dataset() {
            public int size() { return data.size(); }
            public int[] sampleShape() { return data.sampleShape(); }
            public int[] targetShape() { return data.targetShape(); }
            public org.nabla.tensor.DType targetType() { return data.targetType(); }
            public int sampleLength() { return len; }
            public long label(int i) { return data.label(i); }
            public void copyTarget(int i, long[] dst, int off) { data.copyTarget(i, dst, off); }
            public void copyTarget(int i, float[] dst, int off) { data.copyTarget(i, dst, off); }
            public void copyFeatures(int i, float[] dst, int off) {
                data.copyFeatures(i, dst, off);
                for (int j = 0; j < len; j++) dst[off + j] = (dst[off + j] - sh[j]) * sc[j];
            }
            public String toString() { return "Normalized(" + mode + (perChannel ? " per channel" : "") + ", " + data + ")"; }
        };
    }
}
