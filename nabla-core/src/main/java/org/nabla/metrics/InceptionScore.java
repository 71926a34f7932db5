package org.nabla.metrics;

/**
 * The inception score exp(E_x[KL(p(y|x) ‖ p(y))]) of class probabilities (rows = samples, each summing to 1): high
 * when each sample is confidently one class and the classes are evenly covered (at most the number of classes).
 * With a LeNet-5 trained on the real data as the classifier it is the "inception-style" score of the samples.
 */
public final class InceptionScore {
    private InceptionScore() {}

    public static double of(double[][] probabilities) {
        if (probabilities.length == 0) throw new IllegalArgumentException("InceptionScore: no samples");
        int k = probabilities[0].length;
        double[] marginal = new double[k];
        for (double[] p : probabilities) for (int j = 0; j < k; j++) marginal[j] += p[j] / probabilities.length;
        double kl = 0;
        for (double[] p : probabilities)
            for (int j = 0; j < k; j++) if (p[j] > 0) kl += p[j] * (Math.log(p[j]) - Math.log(marginal[j]));
        return Math.exp(kl / probabilities.length);
    }

    /** How many classes are the most probable one of at least {@code minShare} of the samples (the mode-collapse signal). */
    public static int classesCovered(double[][] probabilities, double minShare) {
        int k = probabilities[0].length;
        int[] counts = new int[k];
        for (double[] p : probabilities) {
            int best = 0;
            for (int j = 1; j < k; j++) if (p[j] > p[best]) best = j;
            counts[best]++;
        }
        int covered = 0;
        for (int c : counts) if (c >= minShare * probabilities.length) covered++;
        return covered;
    }
}
