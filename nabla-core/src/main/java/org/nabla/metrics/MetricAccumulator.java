package org.nabla.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nabla.tensor.Tensor;

/**
 * Collects the predictions of an epoch batch by batch: a confusion matrix (so accuracy, precision, recall and F1),
 * top-k hits for the requested k, and the sample-weighted mean loss. Memory is O(C^2), independent of the number of
 * samples; {@link #reset} starts a new epoch. As a {@link Metric} it is updated with scores and targets and computes
 * the accuracy; {@link #summary} and {@link #confusionMatrix} give the rest.
 */
public final class MetricAccumulator implements Metric {
    private final int numClasses;
    private final int[] topK;
    private final long[] topKHits;
    private ConfusionMatrix confusion;
    private double lossSum;
    private long lossCount;

    /** @param topK the k of the top-k accuracies to track (each in [1, numClasses]); none for plain accuracy only */
    public MetricAccumulator(int numClasses, int... topK) {
        if (numClasses < 1) throw new IllegalArgumentException("MetricAccumulator: numClasses must be positive, got " + numClasses);
        for (int k : topK) {
            if (k < 1 || k > numClasses) {
                throw new IllegalArgumentException("MetricAccumulator: top-" + k + " accuracy needs k in [1, " + numClasses + "] (number of classes)");
            }
        }
        this.numClasses = numClasses;
        this.topK = topK.clone();
        this.topKHits = new long[topK.length];
        reset();
    }

    @Override public String name() { return "accuracy"; }

    /** {@link #add(Tensor, Tensor)}. */
    @Override public void update(Tensor output, Tensor target) { add(output, target); }

    /** The accuracy so far. */
    @Override public double compute() { return accuracy(); }

    @Override
    public void reset() {
        confusion = new ConfusionMatrix(numClasses);
        Arrays.fill(topKHits, 0);
        lossSum = 0;
        lossCount = 0;
    }

    /** Adds a batch of scores/logits [N, C] and integer targets [N]. */
    public void add(Tensor scores, Tensor target) {
        String metric = "MetricAccumulator";
        double[][] rows = Inputs.scores(metric, scores);
        if (scores.size(1) != numClasses) {
            throw new IllegalArgumentException(metric + ": expected scores [N, " + numClasses + "], got " + Arrays.toString(scores.shape()));
        }
        add(rows, Inputs.labels(metric, target));
    }

    /** Adds a batch of score rows and targets. */
    public void add(double[][] scores, int[] target) {
        String metric = "MetricAccumulator";
        Inputs.sameLength(metric, scores.length, target.length);
        int c = Inputs.rectangular(metric, scores);
        if (c != numClasses) throw new IllegalArgumentException(metric + ": expected " + numClasses + " scores per sample, got " + c);
        Inputs.inRange(metric, "target", target, numClasses);
        int[] predicted = Inputs.argmaxRows(scores);
        confusion.add(predicted, target);
        for (int i = 0; i < scores.length; i++) {
            int r = Classification.rank(scores[i], target[i]);
            for (int j = 0; j < topK.length; j++) if (r < topK[j]) topKHits[j]++;
        }
    }

    /** Adds a batch of predicted labels (no top-k for these) and targets. */
    public void addLabels(int[] predicted, int[] target) {
        if (topK.length > 0) throw new IllegalArgumentException("MetricAccumulator: top-k accuracy needs scores, not labels");
        confusion.add(predicted, target);
    }

    /** Adds a batch's mean loss, weighted by its number of samples. */
    public void addLoss(double meanLoss, int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("MetricAccumulator: batch size must be positive, got " + batchSize);
        lossSum += meanLoss * batchSize;
        lossCount += batchSize;
    }

    public long count() { return confusion.total(); }

    /** Sample-weighted mean of the losses added (NaN if none). */
    public double loss() { return lossCount == 0 ? Double.NaN : lossSum / lossCount; }

    public double accuracy() { return confusion.accuracy(); }

    /** Top-k accuracy for a k given at construction. */
    public double topKAccuracy(int k) {
        for (int j = 0; j < topK.length; j++) {
            if (topK[j] == k) return count() == 0 ? 0 : (double) topKHits[j] / count();
        }
        throw new IllegalArgumentException("MetricAccumulator: top-" + k + " accuracy is not tracked; tracked k: " + Arrays.toString(topK));
    }

    /** A copy of the confusion matrix so far. */
    public ConfusionMatrix confusionMatrix() {
        ConfusionMatrix m = new ConfusionMatrix(numClasses);
        long[][] counts = confusion.counts();
        for (int t = 0; t < numClasses; t++) for (int p = 0; p < numClasses; p++) m.addCount(p, t, counts[t][p]);
        return m;
    }

    /** The metrics as named values (loss if any, accuracy, top-k, macro precision/recall/F1), in a stable order. */
    public Map<String, Double> summary() {
        Map<String, Double> m = new LinkedHashMap<>();
        if (lossCount > 0) m.put("loss", loss());
        m.put("accuracy", accuracy());
        for (int k : topK) m.put("top" + k + "_accuracy", topKAccuracy(k));
        m.put("precision_macro", confusion.precision(Average.MACRO));
        m.put("recall_macro", confusion.recall(Average.MACRO));
        m.put("f1_macro", confusion.f1(Average.MACRO));
        return m;
    }
}
