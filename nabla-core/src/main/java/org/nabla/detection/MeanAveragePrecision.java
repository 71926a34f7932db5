package org.nabla.detection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Mean average precision over images, as COCO's evaluation (pycocotools' COCOeval, all areas, no crowd boxes):
 * per class and IoU threshold, each image's detections (its {@code maxDetections} best of that class) are matched by
 * decreasing score to the unmatched ground-truth box of highest IoU at or above the threshold; over all images the
 * detections sorted by score give a precision-recall curve, made monotone, read at 101 recall points 0, 0.01, .., 1.
 * The mean runs over the classes with ground truth and the thresholds: {@link #map50()} at IoU 0.5,
 * {@link #map()} over 0.5, 0.55, .., 0.95.
 */
public final class MeanAveragePrecision {
    /** One image: ground truth (boxes [g * 4], classes) and detections (boxes [d * 4], scores, classes). */
    private record Image(float[] gtBoxes, int[] gtClasses, float[] boxes, float[] scores, int[] classes) {}

    private final int classes;
    private final int maxDetections;
    private final List<Image> images = new ArrayList<>();

    public MeanAveragePrecision(int classes) { this(classes, 100); }

    public MeanAveragePrecision(int classes, int maxDetections) {
        if (classes < 1) throw new IllegalArgumentException("MeanAveragePrecision: classes must be positive, got " + classes);
        this.classes = classes;
        this.maxDetections = maxDetections;
    }

    /** Adds one image's ground truth and detections (boxes as x1, y1, x2, y2 rows). */
    public void add(float[] gtBoxes, int[] gtClasses, float[] boxes, float[] scores, int[] detClasses) {
        if (gtBoxes.length != 4 * gtClasses.length || boxes.length != 4 * scores.length || scores.length != detClasses.length)
            throw new IllegalArgumentException("MeanAveragePrecision.add: " + gtBoxes.length / 4 + " ground-truth boxes for " + gtClasses.length
                    + " classes, " + boxes.length / 4 + " detections for " + scores.length + " scores and " + detClasses.length + " classes");
        images.add(new Image(gtBoxes.clone(), gtClasses.clone(), boxes.clone(), scores.clone(), detClasses.clone()));
    }

    public int images() { return images.size(); }

    public void reset() { images.clear(); }

    /** mAP at IoU 0.5 (COCO's AP50). */
    public double map50() { return map(0.5); }

    /** COCO's mAP@[.5:.95]: the mean over IoU thresholds 0.5, 0.55, .., 0.95. */
    public double map() {
        double[] t = new double[10];
        for (int i = 0; i < 10; i++) t[i] = 0.5 + 0.05 * i;
        return map(t);
    }

    /** The mean over the thresholds and the classes that have ground truth; NaN when none has. */
    public double map(double... thresholds) {
        double sum = 0;
        int n = 0;
        for (double t : thresholds)
            for (int c = 0; c < classes; c++) {
                double ap = averagePrecision(c, t);
                if (!Double.isNaN(ap)) {
                    sum += ap;
                    n++;
                }
            }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Average precision of class c at one IoU threshold; NaN when the class has no ground truth. */
    public double averagePrecision(int c, double threshold) {
        int nGt = 0;
        List<float[]> scored = new ArrayList<>(); // (score, matched)
        for (Image im : images) {
            int[] g = indicesOf(im.gtClasses, c);
            nGt += g.length;
            Integer[] d = Arrays.stream(indicesOf(im.classes, c)).boxed().toArray(Integer[]::new);
            Arrays.sort(d, (p, q) -> Float.compare(im.scores[q], im.scores[p]));
            boolean[] taken = new boolean[g.length];
            for (int k = 0; k < Math.min(d.length, maxDetections); k++) {
                double best = Math.min(threshold, 1 - 1e-10);
                int match = -1;
                for (int j = 0; j < g.length; j++) {
                    if (taken[j]) continue;
                    double iou = Boxes.iou(im.boxes, d[k], im.gtBoxes, g[j]);
                    if (iou < best) continue;
                    best = iou;
                    match = j;
                }
                if (match >= 0) taken[match] = true;
                scored.add(new float[] {im.scores[d[k]], match >= 0 ? 1 : 0});
            }
        }
        if (nGt == 0) return Double.NaN;
        scored.sort((p, q) -> Float.compare(q[0], p[0])); // stable
        int m = scored.size();
        double[] recall = new double[m], precision = new double[m];
        int tp = 0;
        for (int i = 0; i < m; i++) {
            tp += (int) scored.get(i)[1];
            recall[i] = (double) tp / nGt;
            precision[i] = tp / (i + 1 + Math.ulp(1.0));
        }
        for (int i = m - 1; i > 0; i--) precision[i - 1] = Math.max(precision[i - 1], precision[i]);
        double total = 0;
        int at = 0;
        for (int k = 0; k <= 100; k++) {
            double r = k * 0.01;
            while (at < m && recall[at] < r) at++;
            if (at < m) total += precision[at];
        }
        return total / 101;
    }

    private static int[] indicesOf(int[] classes, int c) {
        return java.util.stream.IntStream.range(0, classes.length).filter(i -> classes[i] == c).toArray();
    }
}
