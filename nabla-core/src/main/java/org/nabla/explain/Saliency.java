package org.nabla.explain;

import java.util.ArrayList;
import java.util.List;
import org.nabla.nn.Module;
import org.nabla.nn.functional.ReluGradient;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * Gradient attributions of one class's logit to the input x [1, ...] (each result has x's shape): the vanilla
 * gradient (Simonyan et al. 2014), SmoothGrad (Smilkov et al. 2017: the mean gradient at noisy copies of x),
 * integrated gradients (Sundararajan et al. 2017: (x - x') times the mean gradient on the straight path from the
 * baseline x', right Riemann sum) and the gradients of guided backpropagation and the deconvnet (ReLU's backward
 * rule swapped, {@link ReluGradient}). The model must be in eval mode.
 */
public final class Saliency {
    /** Inputs run through the model at once by SmoothGrad and integrated gradients. */
    private static final int CHUNK = 32;

    private Saliency() {}

    /** d logit[target] / d x. */
    public static Tensor gradient(Module model, Tensor x, int target) { return gradients(model, checkOne(x), target); }

    /** The gradient with ReLU's guided backward rule (positive gradients through positive activations only). */
    public static Tensor guidedBackprop(Module model, Tensor x, int target) {
        try (var rule = ReluGradient.use(ReluGradient.Rule.GUIDED)) {
            return gradient(model, x, target);
        }
    }

    /** The gradient with the deconvnet's ReLU rule (positive gradients, whatever the activation). */
    public static Tensor deconvnet(Module model, Tensor x, int target) {
        try (var rule = ReluGradient.use(ReluGradient.Rule.DECONVNET)) {
            return gradient(model, x, target);
        }
    }

    /** The mean gradient over {@code samples} copies of x plus Gaussian noise of standard deviation {@code sigma}. */
    public static Tensor smoothGrad(Module model, Tensor x, int target, int samples, double sigma, Generator gen) {
        checkOne(x);
        if (samples < 1) throw new IllegalArgumentException("smoothGrad: samples must be at least 1, got " + samples);
        if (!(sigma >= 0)) throw new IllegalArgumentException("smoothGrad: sigma must be >= 0, got " + sigma);
        List<Tensor> noisy = new ArrayList<>();
        for (int i = 0; i < samples; i++) noisy.add(x.add(Tensor.randn(gen, x.shape()).mul(sigma)));
        return meanGradient(model, noisy, target);
    }

    /** Integrated gradients from {@code baseline} (x's shape; null for zeros) in {@code steps} steps. */
    public static Tensor integratedGradients(Module model, Tensor x, Tensor baseline, int target, int steps) {
        checkOne(x);
        if (steps < 1) throw new IllegalArgumentException("integratedGradients: steps must be at least 1, got " + steps);
        Tensor base = baseline != null ? baseline : Tensor.zerosLike(x);
        if (!java.util.Arrays.equals(base.shape(), x.shape()))
            throw new IllegalArgumentException("integratedGradients: the baseline's shape " + java.util.Arrays.toString(base.shape())
                    + " differs from the input's " + java.util.Arrays.toString(x.shape()));
        Tensor delta = x.sub(base);
        List<Tensor> path = new ArrayList<>();
        for (int k = 1; k <= steps; k++) path.add(base.add(delta.mul((double) k / steps)));
        return delta.mul(meanGradient(model, path, target));
    }

    /** The mean over {@code inputs} (each [1, ...]) of d logit[target] / d input, run in chunks. */
    private static Tensor meanGradient(Module model, List<Tensor> inputs, int target) {
        Tensor sum = null;
        for (int from = 0; from < inputs.size(); from += CHUNK) {
            Tensor batch = Tensor.cat(inputs.subList(from, Math.min(inputs.size(), from + CHUNK)), 0);
            Tensor g = gradients(model, batch, target).sum(new int[] {0}, true);
            sum = sum == null ? g : sum.add(g);
        }
        return sum.div(inputs.size());
    }

    /** d logit[target] / d x for every row of x (the rows are independent in eval mode). */
    static Tensor gradients(Module model, Tensor x, int target) {
        return InputGradient.of(model, x, out -> {
            checkTarget(out, target);
            return out.select(1, target).sum();
        });
    }

    static void checkTarget(Tensor logits, int target) {
        if (logits.dim() != 2) throw new IllegalArgumentException("the model's output has shape " + java.util.Arrays.toString(logits.shape()) + ", not [N, classes]");
        if (target < 0 || target >= logits.size(1))
            throw new IllegalArgumentException("class " + target + " is out of range: the model has " + logits.size(1) + " classes");
    }

    static Tensor checkOne(Tensor x) {
        if (x.dim() < 2 || x.size(0) != 1)
            throw new IllegalArgumentException("explain: the input must be one sample [1, ...], got " + java.util.Arrays.toString(x.shape()));
        return x;
    }
}
