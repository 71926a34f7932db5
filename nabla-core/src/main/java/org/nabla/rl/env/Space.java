package org.nabla.rl.env;

import java.util.Arrays;

/** An observation or action space, as Gymnasium's {@code spaces}: a finite set of integers or a box of reals. */
public sealed interface Space {
    /** {0, ..., n-1}: Gymnasium's {@code Discrete(n)}. */
    record Discrete(int n) implements Space {
        public Discrete {
            if (n < 1) throw new IllegalArgumentException("Discrete: n must be positive, got " + n);
        }

        public boolean contains(int value) { return value >= 0 && value < n; }

        /** Throws the one-line error of an action outside the space. */
        public void check(int action, String env) {
            if (!contains(action))
                throw new IllegalArgumentException(env + ": action " + action + " is outside the action space " + this + " (0.." + (n - 1) + ")");
        }

        @Override public String toString() { return "Discrete(" + n + ")"; }
    }

    /** Reals between {@code low} and {@code high} per dimension: Gymnasium's {@code Box} of float32. */
    record Box(float[] low, float[] high) implements Space {
        public Box {
            if (low.length != high.length) throw new IllegalArgumentException("Box: low has " + low.length + " dims, high " + high.length);
            low = low.clone();
            high = high.clone();
        }

        public int dims() { return low.length; }

        public boolean contains(float[] x) {
            if (x.length != low.length) return false;
            for (int i = 0; i < x.length; i++) if (!(x[i] >= low[i] && x[i] <= high[i])) return false;
            return true;
        }

        @Override public float[] low() { return low.clone(); }

        @Override public float[] high() { return high.clone(); }

        @Override public boolean equals(Object o) { return o instanceof Box b && Arrays.equals(low, b.low) && Arrays.equals(high, b.high); }

        @Override public int hashCode() { return 31 * Arrays.hashCode(low) + Arrays.hashCode(high); }

        @Override public String toString() { return "Box(" + Arrays.toString(low) + ", " + Arrays.toString(high) + ")"; }
    }
}
