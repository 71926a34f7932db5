package org.nabla.models.detection;

import java.util.List;
import org.nabla.nn.Module;
import org.nabla.tensor.Tensor;

/**
 * A detection model: {@code call(images)} gives its raw predictions [B, P, ...]; {@link #loss} compares them with a
 * batch's box targets [B, maxBoxes, 5] (rows {@code x1, y1, x2, y2, class}, class -1 for padding, as
 * {@code data.detection.BoxDataset}), and {@link #detect} decodes them into boxes with classes and scores.
 */
public abstract class Detector extends Module {
    /** Classes (no background class: a box is "no object" when no class scores high). */
    public abstract int classes();

    /** The image size [C, H, W] the anchors or grid were laid out for. */
    public abstract int[] imageShape();

    /** The training loss of raw predictions against targets [B, maxBoxes, 5], a scalar (mean over the batch's objects). */
    public abstract Tensor loss(Tensor output, Tensor targets);

    /**
     * Each image's detections: scores above {@code scoreThreshold}, boxes clipped to the image, non-maximum
     * suppression per class at IoU 0.5, at most 100 per image.
     */
    public abstract List<Detections> detect(Tensor output, double scoreThreshold);

    /** Detections of images [B, C, H, W] in eval mode without gradients (the module's mode is restored). */
    public List<Detections> detect(Tensor images, double scoreThreshold, boolean restoreMode) {
        boolean was = isTraining();
        eval();
        try (var g = org.nabla.autograd.GradMode.noGrad()) {
            return detect(call(images), scoreThreshold);
        } finally {
            if (was && restoreMode) train();
        }
    }

    static void checkImages(String who, Tensor x, int[] shape) {
        if (x.dim() != 4 || x.size(1) != shape[0] || x.size(2) != shape[1] || x.size(3) != shape[2])
            throw new IllegalArgumentException(who + ": images must be [B, " + shape[0] + ", " + shape[1] + ", " + shape[2] + "], got " + java.util.Arrays.toString(x.shape()));
    }

    static void checkTargets(String who, Tensor output, Tensor targets) {
        if (targets.dim() != 3 || targets.size(2) != 5 || targets.size(0) != output.size(0))
            throw new IllegalArgumentException(who + ": targets must be [" + output.size(0) + ", maxBoxes, 5] (x1, y1, x2, y2, class), got "
                    + java.util.Arrays.toString(targets.shape()));
    }

    /** NMS per class at IoU 0.5 over candidates, clipped to the image, the best {@code max} kept. */
    static Detections suppress(float[] boxes, float[] scores, int[] classes, int h, int w, int max) {
        for (int i = 0; i < scores.length; i++) {
            boxes[4 * i] = Math.clamp(boxes[4 * i], 0, w);
            boxes[4 * i + 1] = Math.clamp(boxes[4 * i + 1], 0, h);
            boxes[4 * i + 2] = Math.clamp(boxes[4 * i + 2], 0, w);
            boxes[4 * i + 3] = Math.clamp(boxes[4 * i + 3], 0, h);
        }
        long[] idx = new long[classes.length];
        for (int i = 0; i < idx.length; i++) idx[i] = classes[i];
        long[] keep = org.nabla.detection.Boxes.batchedNms(boxes, scores, idx, 0.5);
        int n = Math.min(keep.length, max);
        float[] b = new float[4 * n], s = new float[n];
        int[] c = new int[n];
        for (int k = 0; k < n; k++) {
            int i = (int) keep[k];
            System.arraycopy(boxes, 4 * i, b, 4 * k, 4);
            s[k] = scores[i];
            c[k] = classes[i];
        }
        return new Detections(b, s, c);
    }
}
