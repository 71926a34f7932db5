package org.nabla.metrics;

import org.nabla.tensor.Tensor;

/**
 * Counts of (true class, predicted class) pairs: {@code get(t, p)} is the number of samples of class t predicted
 * as p (rows = true, columns = predicted, as scikit-learn's confusion_matrix). Precision, recall and F1 follow
 * scikit-learn's precision_recall_fscore_support with {@code labels=range(numClasses)} and {@code zero_division=0}:
 * every class counts in the macro mean, even one absent from both targets and predictions, and a ratio with a
 * zero denominator is 0.
 */
public final class ConfusionMatrix {
    private final long[][] counts;

    /** An empty matrix of numClasses x numClasses, to fill with {@link #add}. */
    public ConfusionMatrix(int numClasses) {
        if (numClasses < 1) throw new IllegalArgumentException("ConfusionMatrix: numClasses must be positive, got " + numClasses);
        counts = new long[numClasses][numClasses];
    }

    /** Matrix of the given labels, the number of classes being max label + 1. */
    public static ConfusionMatrix of(int[] predicted, int[] target) {
        return of(predicted, target, Inputs.inferClasses(predicted, target));
    }

    public static ConfusionMatrix of(int[] predicted, int[] target, int numClasses) {
        ConfusionMatrix m = new ConfusionMatrix(numClasses);
        m.add(predicted, target);
        return m;
    }

    /** From labels [N] or scores [N, C] (argmax) and targets [N]. */
    public static ConfusionMatrix of(Tensor predictions, Tensor target, int numClasses) {
        return of(Inputs.predictions("confusion matrix", predictions), Inputs.labels("confusion matrix", target), numClasses);
    }

    /** Adds a batch of predictions. */
    public void add(int[] predicted, int[] target) {
        Inputs.sameLength("confusion matrix", predicted.length, target.length);
        Inputs.inRange("confusion matrix", "predicted", predicted, counts.length);
        Inputs.inRange("confusion matrix", "target", target, counts.length);
        for (int i = 0; i < predicted.length; i++) counts[target[i]][predicted[i]]++;
    }

    void addCount(int predicted, int target, long k) { counts[target][predicted] += k; }

    public int numClasses() { return counts.length; }

    /** Samples of true class t predicted as p. */
    public long get(int t, int p) { return counts[t][p]; }

    /** A copy of the counts, [true][predicted]. */
    public long[][] counts() {
        long[][] c = new long[counts.length][];
        for (int i = 0; i < c.length; i++) c[i] = counts[i].clone();
        return c;
    }

    public long total() {
        long s = 0;
        for (long[] row : counts) for (long v : row) s += v;
        return s;
    }

    public double accuracy() {
        long correct = 0;
        for (int i = 0; i < counts.length; i++) correct += counts[i][i];
        long n = total();
        return n == 0 ? 0 : (double) correct / n;
    }

    /** Number of true samples of each class (row sums). */
    public long[] support() {
        long[] s = new long[counts.length];
        for (int t = 0; t < counts.length; t++) for (long v : counts[t]) s[t] += v;
        return s;
    }

    private long[] predictedCounts() {
        long[] s = new long[counts.length];
        for (long[] row : counts) for (int p = 0; p < row.length; p++) s[p] += row[p];
        return s;
    }

    private static double ratio(double num, double den) { return den == 0 ? 0 : num / den; }

    /** Per-class precision: TP / (TP + FP), 0 for a class never predicted. */
    public double[] precision() {
        long[] pred = predictedCounts();
        double[] out = new double[counts.length];
        for (int c = 0; c < out.length; c++) out[c] = ratio(counts[c][c], pred[c]);
        return out;
    }

    /** Per-class recall: TP / (TP + FN), 0 for a class with no true samples. */
    public double[] recall() {
        long[] sup = support();
        double[] out = new double[counts.length];
        for (int c = 0; c < out.length; c++) out[c] = ratio(counts[c][c], sup[c]);
        return out;
    }

    /** Per-class F1, the harmonic mean of precision and recall (0 when both are 0). */
    public double[] f1() {
        double[] p = precision(), r = recall(), out = new double[counts.length];
        for (int c = 0; c < out.length; c++) out[c] = ratio(2 * p[c] * r[c], p[c] + r[c]);
        return out;
    }

    public double precision(Average average) {
        if (average == Average.MICRO) return microRatio(predictedCounts());
        return combine(precision(), average);
    }

    public double recall(Average average) {
        if (average == Average.MICRO) return microRatio(support());
        return combine(recall(), average);
    }

    /** Averaged F1; macro is the mean of per-class F1 (not the F1 of macro precision and recall), as scikit-learn. */
    public double f1(Average average) {
        if (average == Average.MICRO) {
            double p = precision(Average.MICRO), r = recall(Average.MICRO);
            return ratio(2 * p * r, p + r);
        }
        return combine(f1(), average);
    }

    private double microRatio(long[] denominators) {
        long tp = 0, den = 0;
        for (int c = 0; c < counts.length; c++) {
            tp += counts[c][c];
            den += denominators[c];
        }
        return ratio(tp, den);
    }

    private double combine(double[] perClass, Average average) {
        if (average == Average.MACRO) {
            double s = 0;
            for (double v : perClass) s += v;
            return s / perClass.length;
        }
        long[] sup = support();
        double s = 0, w = 0;
        for (int c = 0; c < perClass.length; c++) {
            s += perClass[c] * sup[c];
            w += sup[c];
        }
        return ratio(s, w);
    }

    /** The matrix with a header row of predicted classes and a column of true classes, right-aligned. */
    @Override
    public String toString() {
        int width = 4;
        for (long[] row : counts) for (long v : row) width = Math.max(width, Long.toString(v).length());
        width = Math.max(width, Integer.toString(counts.length - 1).length()) + 1;
        int labelWidth = Math.max(10, Integer.toString(counts.length - 1).length() + 1);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-" + labelWidth + "s", "true\\pred"));
        for (int p = 0; p < counts.length; p++) sb.append(String.format("%" + width + "d", p));
        for (int t = 0; t < counts.length; t++) {
            sb.append('\n').append(String.format("%-" + labelWidth + "s", t));
            for (long v : counts[t]) sb.append(String.format("%" + width + "d", v));
        }
        return sb.toString();
    }
}
