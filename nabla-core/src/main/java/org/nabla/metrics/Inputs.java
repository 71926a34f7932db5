package org.nabla.metrics;

import java.util.Arrays;
import org.nabla.tensor.Tensor;

/** Conversions and checks shared by the metrics: labels from tensors, predictions from logits, score rows. */
final class Inputs {
    private Inputs() {}

    /** Integer labels from a tensor of any integer or float dtype holding whole numbers. */
    static int[] labels(String metric, Tensor t) {
        double[] v = t.toDoubleArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i])) {
                throw new IllegalArgumentException(metric + ": labels must be whole numbers, got " + v[i] + " at index " + i);
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    /**
     * Predicted classes: a 2-D tensor [N, C] of logits or scores gives its row-wise argmax (first maximum, as
     * torch.argmax); a 1-D tensor is taken as class labels already.
     */
    static int[] predictions(String metric, Tensor t) {
        if (t.dim() == 1) return labels(metric, t);
        if (t.dim() != 2) {
            throw new IllegalArgumentException(metric + ": expected predictions [N] or scores [N, C], got " + Arrays.toString(t.shape()));
        }
        return argmaxRows(scores(metric, t));
    }

    /** Row-wise argmax, first maximum on ties. */
    static int[] argmaxRows(double[][] s) {
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            double[] row = s[i];
            int best = 0;
            for (int j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
            out[i] = best;
        }
        return out;
    }

    /**
     * Predictions and targets of a regression as {predicted, target} values in row-major order: the same number
     * of samples (dim 0) and of values; [N, 1] against [N] is allowed.
     */
    static double[][] regression(String metric, Tensor predicted, Tensor target) {
        if (predicted.numel() != target.numel() || predicted.dim() == 0 || target.dim() == 0 || predicted.size(0) != target.size(0))
            throw new IllegalArgumentException(metric + ": predictions and targets need the same samples and values, got "
                    + Arrays.toString(predicted.shape()) + " and " + Arrays.toString(target.shape()));
        return new double[][] {predicted.toDoubleArray(), target.toDoubleArray()};
    }

    /** Checks outputs [N, C] (scores or logits; {@code what} names them) against targets of N values. */
    static void rowsAndTargets(String metric, String what, Tensor output, Tensor target) {
        if (output.dim() != 2 || target.numel() != output.size(0))
            throw new IllegalArgumentException(metric + ": expected " + what + " [N, C] and targets [N], got " + Arrays.toString(output.shape())
                    + " and " + Arrays.toString(target.shape()));
    }

    /** Rows of a 2-D score tensor [N, C]. */
    static double[][] scores(String metric, Tensor t) {
        if (t.dim() != 2) {
            throw new IllegalArgumentException(metric + ": expected scores [N, C], got " + Arrays.toString(t.shape()));
        }
        int n = t.size(0), c = t.size(1);
        double[] flat = t.toDoubleArray();
        double[][] rows = new double[n][];
        for (int i = 0; i < n; i++) rows[i] = Arrays.copyOfRange(flat, i * c, (i + 1) * c);
        return rows;
    }

    /** Scores of a binary problem: a 1-D tensor [N] (score of the positive class). */
    static double[] binaryScores(String metric, Tensor t) {
        if (t.dim() != 1) {
            throw new IllegalArgumentException(metric + ": expected scores [N] for the positive class, got " + Arrays.toString(t.shape()));
        }
        return t.toDoubleArray();
    }

    static void sameLength(String metric, int predicted, int target) {
        if (predicted != target) {
            throw new IllegalArgumentException(metric + ": predictions and targets differ in length: " + predicted + " vs " + target);
        }
        if (predicted == 0) throw new IllegalArgumentException(metric + ": no samples");
    }

    /** Every label in [0, numClasses); {@code what} names the array in the message. */
    static void inRange(String metric, String what, int[] labels, int numClasses) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(metric + ": " + what + " label " + labels[i] + " at index " + i
                        + " is out of range [0, " + numClasses + ")");
            }
        }
    }

    static int rectangular(String metric, double[][] scores) {
        if (scores.length == 0) throw new IllegalArgumentException(metric + ": no samples");
        int c = scores[0].length;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i].length != c) {
                throw new IllegalArgumentException(metric + ": score rows differ in length: row 0 has " + c + ", row " + i + " has " + scores[i].length);
            }
        }
        return c;
    }

    /** Classes implied by the labels: max + 1 (at least 1). */
    static int inferClasses(int[]... arrays) {
        int max = 0;
        for (int[] a : arrays) for (int v : a) max = Math.max(max, v);
        return max + 1;
    }

    /** Binary labels: each 0 or 1. */
    static void binary(String metric, int[] labels) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException(metric + ": binary labels must be 0 or 1, got " + labels[i] + " at index " + i);
            }
        }
    }
}
