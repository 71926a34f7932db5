package org.nabla.metrics;

import java.util.Arrays;
import org.nabla.tensor.Tensor;

/**
 * ROC and precision-recall curves of binary scores, the area under them, and one-vs-rest ROC AUC for several
 * classes. Values match scikit-learn 1.2: {@link #roc} is roc_curve with {@code drop_intermediate=False} (every
 * distinct score is a threshold, plus a first threshold of max score + 1 where nothing is predicted positive);
 * {@link #precisionRecall} is precision_recall_curve (every distinct score, recall decreasing, then the
 * point precision 1, recall 0); {@link #averagePrecision} is average_precision_score (a step sum, not a trapezoid).
 */
public final class Curves {
    private Curves() {}

    /** ROC curve: false-positive rate, true-positive rate, and the score thresholds (decreasing). */
    public record Roc(double[] fpr, double[] tpr, double[] thresholds) {
        /** Area under the curve by the trapezoidal rule. */
        public double auc() { return Curves.auc(fpr, tpr); }
    }

    /** Precision-recall curve: precision and recall (recall decreasing to 0) and the thresholds (increasing). */
    public record PrecisionRecall(double[] precision, double[] recall, double[] thresholds) {}

    /** Cumulative counts at each distinct score, scores sorted descending (scikit-learn's _binary_clf_curve). */
    private record Counts(double[] fps, double[] tps, double[] thresholds) {}

    private static Counts counts(String metric, double[] scores, int[] labels) {
        Inputs.sameLength(metric, scores.length, labels.length);
        Inputs.binary(metric, labels);
        int n = scores.length;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(scores[i])) throw new IllegalArgumentException(metric + ": score at index " + i + " is NaN");
        }
        int[] order = descendingOrder(scores);
        double[] fps = new double[n], tps = new double[n], thr = new double[n];
        int m = 0;
        long tp = 0;
        for (int i = 0; i < n; i++) {
            int idx = order[i];
            tp += labels[idx];
            // A threshold at the last sample of each group of equal scores.
            if (i == n - 1 || scores[order[i + 1]] != scores[idx]) {
                tps[m] = tp;
                fps[m] = i + 1 - tp;
                thr[m] = scores[idx];
                m++;
            }
        }
        return new Counts(Arrays.copyOf(fps, m), Arrays.copyOf(tps, m), Arrays.copyOf(thr, m));
    }

    /** Indices sorted by score, descending, without boxing (ties keep index order). */
    private static int[] descendingOrder(double[] scores) {
        int n = scores.length;
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        // Rank each score by binary search in the sorted copy, then place indices by counting (stable for ties).
        int[] order = new int[n], next = new int[n];
        for (int i = 0; i < n; i++) {
            int lo = upperBound(sorted, scores[i]); // number of scores <= s; descending slot starts at n - lo
            order[n - lo + next[n - lo]++] = i;
        }
        return order;
    }

    /** Number of elements of the ascending array a that are <= v. */
    private static int upperBound(double[] a, double v) {
        int lo = 0, hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= v) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** ROC curve of scores for the positive class against 0/1 labels; needs both classes present. */
    public static Roc roc(double[] scores, int[] labels) {
        Counts c = counts("roc curve", scores, labels);
        int m = c.tps.length;
        double pos = c.tps[m - 1], neg = c.fps[m - 1];
        if (pos == 0 || neg == 0) {
            throw new IllegalArgumentException("roc curve: needs both positive and negative samples, got " + (long) pos
                    + " positive and " + (long) neg + " negative");
        }
        double[] fpr = new double[m + 1], tpr = new double[m + 1], thr = new double[m + 1];
        thr[0] = c.thresholds[0] + 1;
        for (int i = 0; i < m; i++) {
            fpr[i + 1] = c.fps[i] / neg;
            tpr[i + 1] = c.tps[i] / pos;
            thr[i + 1] = c.thresholds[i];
        }
        return new Roc(fpr, tpr, thr);
    }

    /** ROC curve of scores [N] against 0/1 labels [N]. */
    public static Roc roc(Tensor scores, Tensor labels) {
        return roc(Inputs.binaryScores("roc curve", scores), Inputs.labels("roc curve", labels));
    }

    /** Area under the ROC curve of binary scores. */
    public static double rocAuc(double[] scores, int[] labels) { return roc(scores, labels).auc(); }

    public static double rocAuc(Tensor scores, Tensor labels) { return roc(scores, labels).auc(); }

    /**
     * Macro one-vs-rest ROC AUC of class scores [N][C] (probabilities or logits) against labels in [0, C): the
     * mean over classes of the AUC of column c against (label == c). Every class must occur, and not alone.
     */
    public static double rocAucOvr(double[][] scores, int[] labels) {
        String metric = "one-vs-rest roc auc";
        Inputs.sameLength(metric, scores.length, labels.length);
        int c = Inputs.rectangular(metric, scores);
        if (c < 2) throw new IllegalArgumentException(metric + ": needs at least 2 classes, got " + c);
        Inputs.inRange(metric, "target", labels, c);
        double sum = 0;
        double[] column = new double[scores.length];
        int[] binary = new int[scores.length];
        for (int k = 0; k < c; k++) {
            for (int i = 0; i < scores.length; i++) {
                column[i] = scores[i][k];
                binary[i] = labels[i] == k ? 1 : 0;
            }
            try {
                sum += rocAuc(column, binary);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(metric + ": class " + k + ": " + e.getMessage(), e);
            }
        }
        return sum / c;
    }

    public static double rocAucOvr(Tensor scores, Tensor labels) {
        String metric = "one-vs-rest roc auc";
        return rocAucOvr(Inputs.scores(metric, scores), Inputs.labels(metric, labels));
    }

    /** Trapezoidal area under y(x); x must be monotonic (either direction; a decreasing x gives a positive area). */
    public static double auc(double[] x, double[] y) {
        if (x.length != y.length) throw new IllegalArgumentException("auc: x and y differ in length: " + x.length + " vs " + y.length);
        if (x.length < 2) throw new IllegalArgumentException("auc: needs at least 2 points, got " + x.length);
        boolean up = true, down = true;
        for (int i = 1; i < x.length; i++) {
            if (x[i] < x[i - 1]) up = false;
            if (x[i] > x[i - 1]) down = false;
        }
        if (!up && !down) throw new IllegalArgumentException("auc: x is neither increasing nor decreasing");
        double area = 0;
        for (int i = 1; i < x.length; i++) area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
        return up ? area : -area;
    }

    /** Precision-recall curve of scores for the positive class against 0/1 labels; needs a positive sample. */
    public static PrecisionRecall precisionRecall(double[] scores, int[] labels) {
        Counts c = counts("precision-recall curve", scores, labels);
        int m = c.tps.length;
        double pos = c.tps[m - 1];
        if (pos == 0) throw new IllegalArgumentException("precision-recall curve: needs at least one positive sample");
        // Thresholds increasing: the counts reversed.
        int last = m - 1;
        double[] precision = new double[last + 2], recall = new double[last + 2], thr = new double[last + 1];
        for (int i = last, j = 0; i >= 0; i--, j++) {
            double predicted = c.tps[i] + c.fps[i];
            precision[j] = predicted == 0 ? 0 : c.tps[i] / predicted;
            recall[j] = c.tps[i] / pos;
            thr[j] = c.thresholds[i];
        }
        precision[last + 1] = 1;
        recall[last + 1] = 0;
        return new PrecisionRecall(precision, recall, thr);
    }

    public static PrecisionRecall precisionRecall(Tensor scores, Tensor labels) {
        String metric = "precision-recall curve";
        return precisionRecall(Inputs.binaryScores(metric, scores), Inputs.labels(metric, labels));
    }

    /** Average precision: sum over thresholds of (R_n - R_{n-1}) P_n. */
    public static double averagePrecision(double[] scores, int[] labels) {
        PrecisionRecall pr = precisionRecall(scores, labels);
        double[] p = pr.precision(), r = pr.recall();
        double ap = 0;
        for (int i = 0; i < p.length - 1; i++) ap -= (r[i + 1] - r[i]) * p[i];
        return ap;
    }

    public static double averagePrecision(Tensor scores, Tensor labels) {
        String metric = "average precision";
        return averagePrecision(Inputs.binaryScores(metric, scores), Inputs.labels(metric, labels));
    }
}
