package org.nabla.rl.agent;

import org.nabla.rl.env.Environment;
import org.nabla.rl.env.Space;

/**
 * How an environment's observations become a network's input row: a {@code Box}'s floats as they are, a
 * {@code Discrete} state as a one-hot vector.
 */
public interface Features<O> {
    /** The row's length. */
    int size();

    /** Writes {@code observation}'s row into {@code out} at {@code offset}. */
    void write(O observation, float[] out, int offset);

    /** The features of {@code env}'s observation space. */
    @SuppressWarnings("unchecked")
    static <O> Features<O> of(Environment<O> env) {
        return switch (env.observationSpace()) {
            case Space.Box box -> (Features<O>) new Features<float[]>() {
                @Override public int size() { return box.dims(); }

                @Override public void write(float[] o, float[] out, int offset) { System.arraycopy(o, 0, out, offset, box.dims()); }
            };
            case Space.Discrete d -> (Features<O>) new Features<Integer>() {
                @Override public int size() { return d.n(); }

                @Override
                public void write(Integer s, float[] out, int offset) {
                    java.util.Arrays.fill(out, offset, offset + d.n(), 0f);
                    out[offset + s] = 1f;
                }
            };
        };
    }
}
