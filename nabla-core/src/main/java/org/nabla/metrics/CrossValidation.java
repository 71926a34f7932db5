package org.nabla.metrics;

import java.util.Arrays;
import java.util.List;
import org.nabla.data.Splits;

/**
 * K-fold cross-validation: scores a user function on each fold of {@link Splits#kFold} or
 * {@link Splits#stratifiedKFold} (which equal scikit-learn's KFold and StratifiedKFold without shuffling).
 */
public final class CrossValidation {
    private CrossValidation() {}

    /** Scores a model trained on a fold's train indices on its test indices. */
    @FunctionalInterface
    public interface FoldFunction {
        double score(Splits.Fold fold);
    }

    /** Per-fold scores with their mean and standard deviation. */
    public record Result(double[] scores, double mean, double std) {
        /** Standard deviation with the n - 1 denominator (the sample estimate). */
        public double sampleStd() {
            int n = scores.length;
            return n < 2 ? Double.NaN : std * Math.sqrt((double) n / (n - 1));
        }

        @Override
        public String toString() {
            return String.format("%.4f ± %.4f over %d folds %s", mean, std, scores.length, Arrays.toString(scores));
        }
    }

    /**
     * Runs fn on each fold in order and returns the scores, their mean and their standard deviation with the
     * n denominator (numpy's default, as scikit-learn reports cross_val_score(...).std()).
     */
    public static Result run(List<Splits.Fold> folds, FoldFunction fn) {
        if (folds.isEmpty()) throw new IllegalArgumentException("cross-validation: no folds");
        double[] scores = new double[folds.size()];
        for (int i = 0; i < scores.length; i++) scores[i] = fn.score(folds.get(i));
        double mean = 0;
        for (double s : scores) mean += s;
        mean /= scores.length;
        double ss = 0;
        for (double s : scores) ss += (s - mean) * (s - mean);
        return new Result(scores, mean, Math.sqrt(ss / scores.length));
    }
}
