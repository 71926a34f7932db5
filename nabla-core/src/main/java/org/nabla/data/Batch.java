package org.nabla.data;

import java.util.ArrayList;
import java.util.List;
import org.nabla.tensor.Tensor;

/**
 * One batch: the model's input tensors and the target tensors, each [B, ...] and of any dtype. Most datasets have
 * one of each: {@link #x()} and {@link #y()}. {@link #EMPTY} stands for a step that takes no data (a task that makes
 * its own, such as an agent acting in its environment).
 */
public record Batch(List<Tensor> inputs, List<Tensor> targets) {
    /** No tensors, size 0. */
    public static final Batch EMPTY = new Batch(List.of(), List.of());

    public Batch {
        inputs = List.copyOf(inputs);
        targets = List.copyOf(targets);
    }

    /** One input and one target. */
    public Batch(Tensor x, Tensor y) { this(List.of(x), List.of(y)); }

    /** The first input. */
    public Tensor x() { return input(0); }

    /** The first target. */
    public Tensor y() { return target(0); }

    public Tensor input(int i) { return get(inputs, "input", i); }

    public Tensor target(int i) { return get(targets, "target", i); }

    /** Samples in the batch: the first dimension of its first tensor (0 for {@link #EMPTY}). */
    public int size() {
        if (!inputs.isEmpty()) return inputs.get(0).size(0);
        return targets.isEmpty() ? 0 : targets.get(0).size(0);
    }

    /** The same targets with the first input replaced (e.g. by its augmented version). */
    public Batch withX(Tensor x) {
        List<Tensor> in = new ArrayList<>(inputs);
        if (in.isEmpty()) throw new IllegalArgumentException("Batch: no input to replace");
        in.set(0, x);
        return new Batch(in, targets);
    }

    private static Tensor get(List<Tensor> list, String what, int i) {
        if (i < 0 || i >= list.size())
            throw new IllegalArgumentException("Batch: no " + what + " " + i + " (the batch has " + list.size() + " " + what + (list.size() == 1 ? "" : "s") + ")");
        return list.get(i);
    }
}
