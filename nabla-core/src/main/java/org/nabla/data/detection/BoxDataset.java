package org.nabla.data.detection;

import java.util.Arrays;
import org.nabla.data.Dataset;
import org.nabla.tensor.DType;
import org.nabla.tensor.Tensor;

/**
 * Images with a variable number of labelled boxes each, as a {@link Dataset}: features [C, H, W] float32, target
 * [maxBoxes, 5] float32, one row {@code x1, y1, x2, y2, class} per box (pixels, x2 and y2 exclusive), padded with
 * rows of class -1 ({@link #PADDING}). {@link #boxes(Tensor, int)} reads one image's boxes back from a batch.
 */
public final class BoxDataset implements Dataset {
    /** The class of a padding row. */
    public static final float PADDING = -1;

    /** Writes image {@code i}'s [C * H * W] values to {@code dst[offset ..]}. */
    @FunctionalInterface
    public interface Images {
        void copy(int i, float[] dst, int offset);
    }

    private final String name;
    private final int[] shape;
    private final Images images;
    private final float[][][] boxes;
    private final int[][] labels;
    private final int maxBoxes;

    /**
     * @param shape  one image's [C, H, W]
     * @param boxes  per image, its boxes {x1, y1, x2, y2}
     * @param labels per image, the class of each box
     */
    public BoxDataset(String name, int[] shape, Images images, float[][][] boxes, int[][] labels) {
        if (shape.length != 3) throw new IllegalArgumentException(name + ": images must be [C, H, W], got " + Arrays.toString(shape));
        if (boxes.length != labels.length) throw new IllegalArgumentException(name + ": " + boxes.length + " box lists for " + labels.length + " label lists");
        int most = 1;
        for (int i = 0; i < boxes.length; i++) {
            if (boxes[i].length != labels[i].length)
                throw new IllegalArgumentException(name + ": image " + i + " has " + boxes[i].length + " boxes and " + labels[i].length + " labels");
            most = Math.max(most, boxes[i].length);
        }
        this.name = name;
        this.shape = shape.clone();
        this.images = images;
        this.boxes = boxes;
        this.labels = labels;
        this.maxBoxes = most;
    }

    @Override
    public int size() { return labels.length; }

    @Override
    public int[] sampleShape() { return shape.clone(); }

    @Override
    public int[] targetShape() { return new int[] {maxBoxes, 5}; }

    @Override
    public DType targetType() { return DType.FLOAT32; }

    @Override
    public void copyFeatures(int index, float[] dst, int offset) { images.copy(index, dst, offset); }

    @Override
    public void copyTarget(int index, float[] dst, int offset) {
        for (int k = 0; k < maxBoxes; k++) {
            int o = offset + 5 * k;
            if (k < labels[index].length) {
                System.arraycopy(boxes[index][k], 0, dst, o, 4);
                dst[o + 4] = labels[index][k];
            } else {
                Arrays.fill(dst, o, o + 4, 0f);
                dst[o + 4] = PADDING;
            }
        }
    }

    /** The most boxes an image has. */
    public int maxBoxes() { return maxBoxes; }

    /** Image {@code i}'s boxes (a copy). */
    public float[][] boxes(int i) { return Arrays.stream(boxes[i]).map(float[]::clone).toArray(float[][]::new); }

    /** Image {@code i}'s classes (a copy). */
    public int[] labels(int i) { return labels[i].clone(); }

    /** One image's ground truth read from a batch's target [B, maxBoxes, 5]: boxes [n * 4] and classes [n]. */
    public record Truth(float[] boxes, int[] classes) {
        public int count() { return classes.length; }
    }

    /** Image {@code b}'s rows of a target batch, padding left out. */
    public static Truth boxes(Tensor targets, int b) {
        if (targets.dim() != 3 || targets.size(2) != 5)
            throw new IllegalArgumentException("BoxDataset.boxes: targets must be [B, maxBoxes, 5], got " + Arrays.toString(targets.shape()));
        float[] rows = targets.select(0, b).toFloatArray();
        int n = 0;
        for (int k = 0; k < rows.length / 5; k++) if (rows[5 * k + 4] >= 0) n++;
        float[] box = new float[4 * n];
        int[] cls = new int[n];
        for (int k = 0, j = 0; k < rows.length / 5; k++)
            if (rows[5 * k + 4] >= 0) {
                System.arraycopy(rows, 5 * k, box, 4 * j, 4);
                cls[j++] = (int) rows[5 * k + 4];
            }
        return new Truth(box, cls);
    }

    @Override
    public String toString() { return name + "(size=" + size() + ", " + shape[1] + "x" + shape[2] + ", up to " + maxBoxes + " boxes)"; }
}
