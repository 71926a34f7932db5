package org.nabla.nn.loss;

import java.util.Arrays;
import java.util.List;
import org.nabla.autograd.GradMode;
import org.nabla.nn.Module;
import org.nabla.nn.Parameter;
import org.nabla.tensor.Tensor;

/**
 * The one loss of a multi-task model, made of its heads' losses L_i (0-d tensors, in head order):
 * <ul>
 *   <li>{@link #fixed}: L = sum_i w_i L_i with given weights;</li>
 *   <li>{@link #uncertainty}: learned homoscedastic-uncertainty weights (Kendall, Gal and Cipolla, CVPR 2018),
 *       L = sum_i exp(-s_i) L_i + s_i, where s_i = log sigma_i^2 is the parameter {@code log_vars[i]}
 *       (initialised to 0, so every weight exp(-s_i) starts at 1). This is the form commonly used for
 *       classification heads (cross-entropy L_i); the paper's own approximation for a softmax head is
 *       exp(-s_i) L_i + s_i / 2. For a fixed L_i the term is smallest at s_i = log L_i: a head with a larger
 *       loss is weighted less.</li>
 * </ul>
 * Call it with {@link #call(List)}; train its parameters (none for fixed weights) with the model's.
 */
public abstract sealed class MultiTaskLoss extends Module {
    private final int tasks;

    private MultiTaskLoss(int tasks) {
        if (tasks < 1) throw new IllegalArgumentException("MultiTaskLoss: needs at least one task, got " + tasks);
        this.tasks = tasks;
    }

    /** L = sum_i weights[i] L_i; every weight finite and >= 0, at least one > 0. */
    public static MultiTaskLoss fixed(double... weights) { return new Fixed(weights); }

    /** L = sum_i exp(-s_i) L_i + s_i over {@code tasks} losses, with learned s_i = log sigma_i^2 (parameter {@code log_vars}). */
    public static MultiTaskLoss uncertainty(int tasks) { return new Uncertainty(tasks); }

    /** The combined loss of the heads' losses, in head order; runs the forward hooks. */
    public final Tensor call(List<Tensor> losses) { return invoke(() -> combine(losses), losses.toArray()); }

    private Tensor combine(List<Tensor> losses) {
        if (losses.size() != tasks)
            throw new IllegalArgumentException(this + ": expected " + tasks + " task losses, got " + losses.size());
        for (Tensor l : losses)
            if (l.dim() != 0) throw new IllegalArgumentException(this + ": each task loss must be a scalar (0-d), got " + Arrays.toString(l.shape()));
        return combine(Tensor.stack(losses, 0));
    }

    /** The combined loss of the stacked task losses [tasks]. */
    abstract Tensor combine(Tensor losses);

    /** The number of tasks. */
    public int tasks() { return tasks; }

    /** The weight on each task's loss now: the fixed weights, or exp(-s_i). */
    public abstract double[] weights();

    /** Whether the weights are learned (and the loss has parameters to train). */
    public abstract boolean learned();

    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(name() + " combines a list of task losses: call(List.of(l1, l2, ...))");
    }

    /** Fixed weights. */
    static final class Fixed extends MultiTaskLoss {
        private final double[] weights;

        Fixed(double[] weights) {
            super(weights.length);
            boolean positive = false;
            for (double w : weights) {
                if (!(w >= 0) || Double.isInfinite(w)) throw new IllegalArgumentException("MultiTaskLoss: task weights must be finite and >= 0, got " + Arrays.toString(weights));
                positive |= w > 0;
            }
            if (!positive) throw new IllegalArgumentException("MultiTaskLoss: at least one task weight must be > 0, got " + Arrays.toString(weights));
            this.weights = weights.clone();
        }

        @Override
        Tensor combine(Tensor losses) { return losses.mul(Tensor.of(weights, weights.length).to(losses.dtype())).sum(); }

        @Override public double[] weights() { return weights.clone(); }

        @Override public boolean learned() { return false; }

        @Override public String name() { return "MultiTaskLoss.Fixed"; }

        @Override protected String extraRepr() { return "weights=" + Arrays.toString(weights); }
    }

    /** Learned uncertainty weights. */
    static final class Uncertainty extends MultiTaskLoss {
        private final Parameter logVars;

        Uncertainty(int tasks) {
            super(tasks);
            logVars = registerParameter("log_vars", Parameter.zeros(tasks));
        }

        @Override
        Tensor combine(Tensor losses) {
            Tensor s = logVars.to(losses.dtype());
            return s.neg().exp().mul(losses).sum().add(s.sum());
        }

        @Override
        public double[] weights() {
            try (var g = GradMode.noGrad()) {
                return logVars.neg().exp().toDoubleArray();
            }
        }

        @Override public boolean learned() { return true; }

        @Override public String name() { return "MultiTaskLoss.Uncertainty"; }

        @Override protected String extraRepr() { return "tasks=" + tasks(); }
    }
}
