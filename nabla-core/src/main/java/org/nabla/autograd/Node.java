package org.nabla.autograd;

import org.nabla.internal.TensorInternals;
import org.nabla.tensor.Tensor;

/**
 * One recorded op in the graph: its name, its inputs, and for each input the local rule that turns the
 * output's gradient into that input's gradient. Ops call {@link #record} right after computing their
 * forward value, so the forward and the backward of an op sit side by side:
 *
 * <pre>{@code
 * Tensor out = ...a times b...;
 * return Node.record(out, "Mul", a, g -> g.mul(b), b, g -> g.mul(a));
 * }</pre>
 */
public final class Node {
    private final String name;
    private final Tensor[] inputs;
    private GradFn[] rules;

    private Node(String name, Tensor[] inputs, GradFn[] rules) {
        this.name = name;
        this.inputs = inputs;
        this.rules = rules;
    }

    public String name() { return name; }

    public Tensor[] inputs() { return inputs.clone(); }

    Tensor input(int i) { return inputs[i]; }

    int arity() { return inputs.length; }

    /** The rule for input i, or an error once the graph was released by a backward pass. */
    GradFn rule(int i) {
        if (rules == null)
            throw new IllegalStateException("backward: trying to backward through the graph a second time (op '" + name
                    + "'); its saved values were freed by the first backward. Pass retainGraph=true to the first backward.");
        return rules[i];
    }

    /** Drops the rules and with them the tensors they saved. */
    void release() { rules = null; }

    public static Tensor record(Tensor out, String name, Tensor a, GradFn ga) {
        return record(out, name, new Tensor[] {a}, new GradFn[] {ga});
    }

    public static Tensor record(Tensor out, String name, Tensor a, GradFn ga, Tensor b, GradFn gb) {
        return record(out, name, new Tensor[] {a, b}, new GradFn[] {ga, gb});
    }

    public static Tensor record(Tensor out, String name, Tensor a, GradFn ga, Tensor b, GradFn gb, Tensor c, GradFn gc) {
        return record(out, name, new Tensor[] {a, b, c}, new GradFn[] {ga, gb, gc});
    }

    /** Attaches a node to out when grad mode is on and some input requires grad; returns out. */
    public static Tensor record(Tensor out, String name, Tensor[] inputs, GradFn[] rules) {
        if (!GradMode.isEnabled()) return out;
        boolean any = false;
        for (Tensor t : inputs) any |= t != null && t.requiresGrad();
        if (!any) return out;
        TensorInternals.get().setGradFn(out, new Node(name, inputs, rules));
        return out;
    }

    @Override
    public String toString() { return "<" + name + "Backward0>"; }
}
