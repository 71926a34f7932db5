package org.nabla.rl.agent;

import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * Experience replay: a ring of the last {@code capacity} transitions (s, a, r, s', terminated) in flat primitive
 * arrays, sampled uniformly with replacement into a {@link Sample} whose tensors are allocated once and refilled.
 */
public final class ReplayBuffer {
    private final int capacity, dim;
    private final float[] states, nextStates, rewards, terminals;
    private final int[] actions;
    private int size, next;

    public ReplayBuffer(int capacity, int dim) {
        if (capacity < 1) throw new IllegalArgumentException("replay buffer: capacity must be positive, got " + capacity);
        this.capacity = capacity;
        this.dim = dim;
        states = new float[capacity * dim];
        nextStates = new float[capacity * dim];
        rewards = new float[capacity];
        terminals = new float[capacity];
        actions = new int[capacity];
    }

    /** Stores one transition (rows of {@code dim} floats), overwriting the oldest when full. */
    public void add(float[] state, int action, double reward, float[] nextState, boolean terminated) {
        System.arraycopy(state, 0, states, next * dim, dim);
        System.arraycopy(nextState, 0, nextStates, next * dim, dim);
        actions[next] = action;
        rewards[next] = (float) reward;
        terminals[next] = terminated ? 1 : 0;
        next = (next + 1) % capacity;
        size = Math.min(size + 1, capacity);
    }

    public int size() { return size; }

    /** A mini-batch's tensors: states [B, dim], actions [B, 1] (int64), rewards [B], next states [B, dim], terminals [B] (1 or 0). */
    public record Sample(Tensor states, Tensor actions, Tensor rewards, Tensor nextStates, Tensor terminals) {
        public Sample(int batch, int dim) {
            this(Tensor.zeros(batch, dim), Tensor.zeros(DType.INT64, batch, 1), Tensor.zeros(batch), Tensor.zeros(batch, dim), Tensor.zeros(batch));
        }

        public int batch() { return rewards.shape()[0]; }
    }

    /** Fills {@code into} with transitions drawn uniformly (with replacement) by {@code random}. */
    public void sample(Generator random, Sample into) {
        if (size == 0) throw new IllegalStateException("replay buffer: sample from an empty buffer");
        float[] s = Networks.data(into.states()), s2 = Networks.data(into.nextStates()), r = Networks.data(into.rewards()),
                t = Networks.data(into.terminals());
        long[] a = Networks.longs(into.actions());
        for (int i = 0; i < into.batch(); i++) {
            int k = (int) random.nextLong(size);
            System.arraycopy(states, k * dim, s, i * dim, dim);
            System.arraycopy(nextStates, k * dim, s2, i * dim, dim);
            a[i] = actions[k];
            r[i] = rewards[k];
            t[i] = terminals[k];
        }
    }
}
