package org.nabla.rl.agent;

import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.nn.activation.ReLU;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Storage;
import org.nabla.tensor.Tensor;

/** The agents' small networks, and writing rows into preallocated input tensors. */
public final class Networks {
    private Networks() {}

    /** A multilayer perceptron in → hidden... → out with ReLUs between the layers (state-dict keys 0.weight, 2.weight, ...). */
    public static Sequential mlp(int in, int[] hidden, int out, Generator generator) {
        Sequential net = new Sequential();
        int width = in;
        for (int h : hidden) {
            if (h < 1) throw new IllegalArgumentException("mlp: hidden sizes must be positive, got " + h);
            net.add(new Linear(width, h, true, generator));
            net.add(new ReLU());
            width = h;
        }
        net.add(new Linear(width, out, true, generator));
        return net;
    }

    /** The float array behind a dense float32 tensor, to fill it in place. */
    static float[] data(Tensor dense) { return ((Storage.F32) dense.storage()).data(); }

    /** The long array behind a dense int64 tensor. */
    static long[] longs(Tensor dense) { return ((Storage.I64) dense.storage()).data(); }

    /** Copies {@code from}'s parameters and buffers into {@code to} (the same architecture). */
    static void copy(Module from, Module to) { to.loadStateDict(from.stateDict(), true); }

    /** A state dict whose tensors own their values (a snapshot that later training does not change). */
    static java.util.Map<String, Tensor> snapshot(Module m) {
        java.util.Map<String, Tensor> copy = new java.util.LinkedHashMap<>();
        m.stateDict().forEach((k, t) -> copy.put(k, Tensor.of(t.toFloatArray(), t.shape())));
        return copy;
    }
}
