package org.nabla.spark.allreduce;

/**
 * The one summation order both all-reduces use, so their results agree to the bit and every replica gets the same
 * bits: the flat gradient is cut into {@code n} contiguous chunks, and chunk {@code c} is summed over the ranks in
 * the ring's order {@code c, c+1, ..., n-1, 0, ..., c-1} (left to right), then divided by {@code n}. The ring
 * all-reduce sums each chunk in exactly this order as it travels; {@link GatherAllReduce} repeats it from the
 * gathered copies. With two workers the order does not matter (a + b == b + a in IEEE arithmetic).
 */
public final class RankOrder {
    private RankOrder() {}

    /** Where chunk {@code c} of {@code length} values split {@code n} ways starts ({@code c = n}: the end). */
    public static int chunkStart(int length, int n, int c) { return (int) ((long) length * c / n); }

    /** The mean over ranks of {@code perRank[r]} (all of one length), summed chunk by chunk in the ring's order. */
    public static float[] mean(float[][] perRank) {
        int n = perRank.length, length = perRank[0].length;
        float[] out = new float[length];
        for (int c = 0; c < n; c++) {
            int from = chunkStart(length, n, c), to = chunkStart(length, n, c + 1);
            System.arraycopy(perRank[c], from, out, from, to - from);
            for (int k = 1; k < n; k++) {
                float[] g = perRank[(c + k) % n];
                for (int i = from; i < to; i++) out[i] += g[i];
            }
        }
        divide(out, 0, length, n);
        return out;
    }

    /** {@code v[from, to) /= n}: the mean of a sum over {@code n} workers (batch means averaged = the global batch's mean). */
    static void divide(float[] v, int from, int to, int n) {
        float d = n;
        for (int i = from; i < to; i++) v[i] /= d;
    }
}
