package org.nabla.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nabla.autograd.GradMode;
import org.nabla.tensor.DType;
import org.nabla.tensor.Tensor;

/**
 * Rosenblatt's perceptron (1958), the first model of the course: a linear threshold unit. The bias is folded
 * into the weights as the weight of an extra input that is always 1, so with x~ = [x, 1] the model is
 * {@code sign(w . x~)}, with labels -1 and +1 (a point on the boundary, w . x~ = 0, gets 0: no decision, and
 * counts as a mistake).
 *
 * <p>Learning is Rosenblatt's rule, not gradient descent: visit the samples in order; on a misclassified one
 * (y w . x~ <= 0) set w += lr * y * x~; leave w alone otherwise. {@link #fit} repeats such epochs until one makes
 * no mistake (the data are then separated) or maxEpochs have run. On linearly separable data it stops after at
 * most (R / gamma)^2 updates (Novikoff), R the largest |x~| and gamma the margin of a unit separating w; on data
 * that no line separates, such as XOR, it never converges. Starting from zero weights, the learning rate only
 * scales w and does not change the predictions.
 */
public final class Perceptron {
    private final int features;
    private final double[] w; // features weights, then the bias

    /** The outcome of {@link #fit}: whether an epoch had no mistakes, the epochs run, the mistakes of each, the final weights. */
    public record Result(boolean converged, int epochs, List<Integer> mistakesPerEpoch, Tensor weights) {}

    /** A perceptron on the given number of inputs, with zero weights and bias. */
    public Perceptron(int features) {
        if (features <= 0) throw new IllegalArgumentException("Perceptron: the number of features must be positive, got " + features);
        this.features = features;
        this.w = new double[features + 1];
    }

    public int features() { return features; }

    /** The weights [features + 1] (float64), the bias last. */
    public Tensor weights() { return Tensor.of(w, features + 1); }

    /** sign(x W + b) for x [N, features]: -1, +1, or 0 on the boundary; float64 [N]. */
    public Tensor predict(Tensor x) {
        checkInputs(x);
        try (var s = GradMode.noGrad()) {
            Tensor wt = weights();
            return x.to(DType.FLOAT64).matmul(wt.narrow(0, 0, features)).add(wt.select(0, features)).sign();
        }
    }

    /**
     * Runs Rosenblatt's rule over x [N, features] with labels y [N] in {-1, +1} (any dtype) until an epoch without
     * mistakes or maxEpochs epochs, continuing from the current weights.
     */
    public Result fit(Tensor x, Tensor y, double lr, int maxEpochs) {
        checkInputs(x);
        int n = x.size(0);
        if (y.dim() != 1 || y.size(0) != n)
            throw new IllegalArgumentException(this + ": expected labels [" + n + "] for inputs " + Arrays.toString(x.shape()) + ", got "
                    + Arrays.toString(y.shape()));
        if (!(lr > 0)) throw new IllegalArgumentException(this + ": the learning rate must be positive, got " + lr);
        if (maxEpochs <= 0) throw new IllegalArgumentException(this + ": maxEpochs must be positive, got " + maxEpochs);
        double[] xs = x.toDoubleArray(), ys = y.toDoubleArray();
        for (int i = 0; i < n; i++)
            if (ys[i] != 1 && ys[i] != -1) throw new IllegalArgumentException(this + ": labels must be -1 or +1, got " + ys[i] + " at index " + i);
        List<Integer> mistakes = new ArrayList<>();
        while (mistakes.size() < maxEpochs) {
            int wrong = 0;
            for (int i = 0; i < n; i++) {
                double a = w[features]; // w . [x_i, 1]
                for (int j = 0; j < features; j++) a += w[j] * xs[i * features + j];
                if (ys[i] * a > 0) continue;
                wrong++;
                double step = lr * ys[i];
                for (int j = 0; j < features; j++) w[j] += step * xs[i * features + j];
                w[features] += step;
            }
            mistakes.add(wrong);
            if (wrong == 0) return new Result(true, mistakes.size(), List.copyOf(mistakes), weights());
        }
        return new Result(false, mistakes.size(), List.copyOf(mistakes), weights());
    }

    private void checkInputs(Tensor x) {
        if (x.dim() != 2 || x.size(1) != features)
            throw new IllegalArgumentException(this + ": expected inputs [N, " + features + "], got " + Arrays.toString(x.shape()));
    }

    @Override
    public String toString() { return "Perceptron(features=" + features + ")"; }
}
