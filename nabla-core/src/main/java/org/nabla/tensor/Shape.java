package org.nabla.tensor;

import java.util.Arrays;

/** Static helpers for shapes, strides, dims and broadcasting. Shapes are int arrays, outermost dim first. */
public final class Shape {
    private Shape() {}

    public static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("shape " + str(shape) + " has more than 2^31-1 elements");
        return (int) n;
    }

    public static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return strides;
    }

    public static String str(int[] shape) { return Arrays.toString(shape); }

    /** Checks every size is non-negative; -1 is resolved by {@link #inferSize}. */
    public static int[] checkSizes(String op, int[] shape) {
        for (int d : shape)
            if (d < 0) throw new IllegalArgumentException(op + ": negative size in shape " + str(shape));
        return shape.clone();
    }

    /** Wraps a possibly negative dim into [0, rank). */
    public static int normalizeDim(String op, int dim, int rank) {
        int r = Math.max(rank, 1);
        if (dim < -r || dim >= r)
            throw new IllegalArgumentException(op + ": dim " + dim + " is out of range for a tensor of rank " + rank
                    + " (expected a dim in [" + (-r) + ", " + (r - 1) + "])");
        return dim < 0 ? dim + r : dim;
    }

    /** Wraps the position of a new dim inserted into a tensor of the given rank (unsqueeze, stack) into [0, rank]. */
    public static int normalizeNewDim(String op, int dim, int rank) {
        if (dim < -(rank + 1) || dim > rank)
            throw new IllegalArgumentException(op + ": dim " + dim + " is out of range for inserting a dim into a tensor of rank " + rank
                    + " (expected a dim in [" + (-(rank + 1)) + ", " + rank + "])");
        return dim < 0 ? dim + rank + 1 : dim;
    }

    /** Normalised, sorted, duplicate-free dims; an empty array means all dims. */
    public static int[] normalizeDims(String op, int[] dims, int rank) {
        if (dims.length == 0) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) all[i] = i;
            return all;
        }
        boolean[] seen = new boolean[Math.max(rank, 1)];
        for (int d : dims) {
            int n = normalizeDim(op, d, rank);
            if (seen[n]) throw new IllegalArgumentException(op + ": dim " + d + " appears more than once in " + Arrays.toString(dims));
            seen[n] = true;
        }
        int[] out = new int[dims.length];
        int k = 0;
        for (int i = 0; i < seen.length; i++) if (seen[i]) out[k++] = i;
        return Arrays.copyOf(out, k);
    }

    /** NumPy broadcasting: align trailing dims, sizes must be equal or 1. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1)
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b) + " cannot be broadcast together"
                        + " (dim " + i + ": " + da + " vs " + db + ")");
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Replaces a single -1 with the size that keeps numel unchanged. */
    public static int[] inferSize(String op, int[] shape, int numel) { return inferSize(op, shape, numel, "input of size " + numel); }

    /** Like {@link #inferSize(String, int[], int)} for reshaping a tensor of the given shape; errors name both shapes. */
    public static int[] inferSize(String op, int[] shape, int[] inputShape) {
        int numel = numel(inputShape);
        return inferSize(op, shape, numel, "input of shape " + str(inputShape) + " (" + numel + " elements)");
    }

    private static int[] inferSize(String op, int[] shape, int numel, String input) {
        int[] out = shape.clone();
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (unknown >= 0) throw new IllegalArgumentException(op + ": only one dim may be -1 in " + str(shape));
                unknown = i;
            } else if (out[i] < 0) {
                throw new IllegalArgumentException(op + ": invalid size " + out[i] + " in " + str(shape));
            } else {
                known *= out[i];
            }
        }
        if (unknown >= 0) {
            if (known == 0 || numel % known != 0)
                throw new IllegalArgumentException(op + ": shape " + str(shape) + " is invalid for " + input);
            out[unknown] = (int) (numel / known);
        } else if (known != numel) {
            throw new IllegalArgumentException(op + ": shape " + str(shape) + " is invalid for " + input);
        }
        return out;
    }
}
