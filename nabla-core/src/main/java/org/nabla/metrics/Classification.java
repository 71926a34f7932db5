package org.nabla.metrics;

import org.nabla.tensor.Tensor;

/**
 * Accuracy and top-k accuracy/error of class predictions against integer labels.
 *
 * <p>Predictions are either class labels [N] or scores/logits [N, C] (their argmax is the prediction).
 */
public final class Classification {
    private Classification() {}

    /** Fraction of predictions equal to the targets. */
    public static double accuracy(int[] predicted, int[] target) {
        Inputs.sameLength("accuracy", predicted.length, target.length);
        long hits = 0;
        for (int i = 0; i < predicted.length; i++) if (predicted[i] == target[i]) hits++;
        return (double) hits / predicted.length;
    }

    /** Accuracy of labels [N] or of the argmax of scores [N, C] against integer targets [N]. */
    public static double accuracy(Tensor predictions, Tensor target) {
        return accuracy(Inputs.predictions("accuracy", predictions), Inputs.labels("accuracy", target));
    }

    /**
     * Fraction of samples whose target is among the k highest scores. Ties are broken as scikit-learn's
     * top_k_accuracy_score (stable ascending sort, reversed): among equal scores the higher class index ranks first.
     */
    public static double topKAccuracy(double[][] scores, int[] target, int k) {
        String metric = "top-" + k + " accuracy";
        Inputs.sameLength(metric, scores.length, target.length);
        int c = Inputs.rectangular(metric, scores);
        if (k < 1 || k > c) throw new IllegalArgumentException(metric + ": k must be in [1, " + c + "] (number of classes), got " + k);
        Inputs.inRange(metric, "target", target, c);
        long hits = 0;
        for (int i = 0; i < scores.length; i++) if (rank(scores[i], target[i]) < k) hits++;
        return (double) hits / scores.length;
    }

    /** Top-k accuracy of scores [N, C] against integer targets [N]. */
    public static double topKAccuracy(Tensor scores, Tensor target, int k) {
        String metric = "top-" + k + " accuracy";
        return topKAccuracy(Inputs.scores(metric, scores), Inputs.labels(metric, target), k);
    }

    /** 1 - top-k accuracy (the ImageNet "top-5 error"). */
    public static double topKError(double[][] scores, int[] target, int k) { return 1 - topKAccuracy(scores, target, k); }

    /** 1 - top-k accuracy of scores [N, C] against integer targets [N]. */
    public static double topKError(Tensor scores, Tensor target, int k) { return 1 - topKAccuracy(scores, target, k); }

    /** Position of class t when the row is sorted descending, ties: higher index first. */
    static int rank(double[] row, int t) {
        double s = row[t];
        int r = 0;
        for (int j = 0; j < row.length; j++) {
            if (row[j] > s || (row[j] == s && j > t)) r++;
        }
        return r;
    }
}
