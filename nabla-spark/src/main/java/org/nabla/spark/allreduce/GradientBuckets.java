package org.nabla.spark.allreduce;

import java.util.ArrayList;
import java.util.List;

/**
 * How a step's flat gradient (the parameters' gradients concatenated in the parameters' order) is cut into buckets,
 * each all-reduced on its own: whole parameters, filled from the last parameter backwards (the order in which the
 * backward pass finishes them), a bucket closed once it holds at least {@code max(min, total / 8)} values. The cut
 * depends only on the parameters' sizes, so every replica and both all-reduces make the same one (the summation
 * order, and so the bits, depend on it). LeNet-5 (61,706 values): the fully connected layers (59,134) and the
 * convolutions (2,572), so the first bucket travels while the convolutions' backward runs.
 */
public final class GradientBuckets {
    /** 16,384 values (64 KB): smaller buckets would pay a message latency for little data. */
    public static final int MIN_BUCKET_FLOATS = 1 << 14;

    private GradientBuckets() {}

    /** The buckets' bounds in the flat gradient: bucket k is {@code [bounds[k], bounds[k+1])}, in the parameters' order. */
    public static int[] bounds(int[] sizes, int minFloats) {
        long total = 0;
        for (int s : sizes) total += s;
        long least = Math.max(minFloats, total / 8);
        List<Integer> cuts = new ArrayList<>(); // flat offsets, from the end back
        long end = total, filled = 0;
        cuts.add((int) end);
        for (int p = sizes.length - 1; p >= 0; p--) {
            end -= sizes[p];
            filled += sizes[p];
            if (filled >= least && end > 0) {
                cuts.add((int) end);
                filled = 0;
            }
        }
        cuts.add(0);
        int[] bounds = new int[cuts.size()];
        for (int i = 0; i < bounds.length; i++) bounds[i] = cuts.get(bounds.length - 1 - i);
        return bounds;
    }
}
