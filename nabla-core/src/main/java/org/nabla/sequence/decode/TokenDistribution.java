package org.nabla.sequence.decode;

import java.util.Arrays;
import org.nabla.tensor.Generator;

/** Arithmetic on one row of logits, in float64: log-softmax, the sampling distribution after filtering, a draw. */
final class TokenDistribution {
    private TokenDistribution() {}

    /** log softmax(logits). */
    static double[] logSoftmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) max = Math.max(max, v);
        double sum = 0;
        for (double v : logits) sum += Math.exp(v - max);
        double lse = max + Math.log(sum);
        double[] out = new double[logits.length];
        for (int i = 0; i < out.length; i++) out[i] = logits[i] - lse;
        return out;
    }

    /** The index of the largest value (the first of equal ones, as {@code argmax}). */
    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    /**
     * The probabilities sampling draws from: softmax(logits / temperature) restricted to the {@code topK} most likely
     * tokens (0: all), then to the smallest set of most likely tokens whose probability reaches {@code topP} (1: all),
     * renormalised; the tokens left out get 0. Ties are broken towards the lower index.
     */
    static double[] filtered(double[] logits, double temperature, int topK, double topP) {
        int n = logits.length;
        double[] scaled = new double[n];
        for (int i = 0; i < n; i++) scaled[i] = logits[i] / temperature;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> scaled[a] != scaled[b] ? Double.compare(scaled[b], scaled[a]) : Integer.compare(a, b));
        int kept = topK > 0 ? Math.min(topK, n) : n;
        double max = scaled[order[0]], sum = 0;
        double[] p = new double[n];
        for (int r = 0; r < kept; r++) sum += p[order[r]] = Math.exp(scaled[order[r]] - max);
        for (int r = 0; r < kept; r++) p[order[r]] /= sum;
        if (topP < 1) {
            double cumulative = 0;
            int nucleus = 0;
            while (nucleus < kept && cumulative < topP) cumulative += p[order[nucleus++]];
            for (int r = nucleus; r < kept; r++) p[order[r]] = 0;
            for (int r = 0; r < nucleus; r++) p[order[r]] /= cumulative;
        }
        return p;
    }

    /** A token drawn from {@code p} (probabilities summing to 1). */
    static int draw(double[] p, Generator gen) {
        double u = gen.nextDouble(), cumulative = 0;
        int last = -1;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == 0) continue;
            cumulative += p[i];
            last = i;
            if (u < cumulative) return i;
        }
        return last; // u beyond a sum a rounding error short of 1
    }
}
