package org.nabla.optim;

import org.nabla.tensor.Tensor;

/**
 * Regularisation penalties as loss terms, to add to the data loss before {@code backward()}: the penalty's gradient
 * then flows through the optimizer like the data gradient (and, for adaptive optimizers, gets rescaled with it).
 * Compare {@link AdamW}'s decoupled weight decay, which never enters the gradient.
 *
 * <p>Convention: {@link #l2} is (λ/2)·Σp² — the course convention — so its gradient is λ·p and plain {@link SGD}
 * with this term takes exactly the steps of SGD with weight_decay = λ (and {@link Adam} those of Adam with
 * weight_decay = λ).
 */
public final class Penalty {
    private Penalty() {}

    /** (λ/2) · Σ p² over all the given tensors: the L2 (ridge) penalty; its gradient is λ·p. */
    public static Tensor l2(Iterable<? extends Tensor> params, double lambda) {
        Tensor sum = null;
        for (Tensor p : params) sum = plus(sum, p.square().sum());
        return check("l2", sum).mul(lambda / 2);
    }

    /** λ · Σ |p| over all the given tensors: the L1 (lasso) penalty; its gradient is λ·sign(p) (0 at 0). */
    public static Tensor l1(Iterable<? extends Tensor> params, double lambda) {
        Tensor sum = null;
        for (Tensor p : params) sum = plus(sum, p.abs().sum());
        return check("l1", sum).mul(lambda);
    }

    private static Tensor plus(Tensor sum, Tensor term) { return sum == null ? term : sum.add(term); }

    private static Tensor check(String op, Tensor sum) {
        if (sum == null) throw new IllegalArgumentException("Penalty." + op + ": no parameters given");
        return sum;
    }
}
