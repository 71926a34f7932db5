package org.nabla.explain;

import java.util.function.Function;
import org.nabla.autograd.GradMode;
import org.nabla.nn.Module;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * Images made by gradient ascent on the input of a {@link PixelModel} (pixels kept in [0, 1]): the class model
 * (Simonyan et al. 2014: the image that maximises a class's logit minus an L2 penalty, here with the jitter and
 * periodic blur of Yosinski et al. 2015 that keep it from turning into high-frequency noise) and DeepDream
 * (Mordvintsev et al. 2015: an image changed to amplify what a layer already sees in it, the mean square of its
 * activations, with jitter). Each step moves by {@code rate} times the gradient over its mean absolute value.
 *
 * @param steps     ascent steps
 * @param rate      step size in pixel units (after the gradient's normalisation)
 * @param l2        weight of the L2 penalty on the image's distance from mid-grey (class model only)
 * @param jitter    largest random shift in pixels applied before each step and undone after
 * @param blurEvery a 3x3 box blur every this many steps; 0 for none
 */
public record InputOptimization(int steps, double rate, double l2, int jitter, int blurEvery) {
    public InputOptimization {
        if (steps < 1 || !(rate > 0) || !(l2 >= 0) || jitter < 0 || blurEvery < 0)
            throw new IllegalArgumentException("InputOptimization: steps >= 1, rate > 0, l2 >= 0, jitter >= 0 and blurEvery >= 0, got "
                    + steps + ", " + rate + ", " + l2 + ", " + jitter + ", " + blurEvery);
    }

    /** 200 steps of 0.01, L2 0.01, jitter 2, blur every 10 steps (good on 28x28 and 32x32 images). */
    public static InputOptimization defaults() { return new InputOptimization(200, 0.01, 0.01, 2, 10); }

    /** The class model of {@code target} for images [1, C, H, W] of {@code shape}, from grey plus a little seeded noise. */
    public Tensor classModel(Module model, int[] shape, int target, Generator gen) {
        Tensor start = Tensor.randn(gen, shape).mul(0.05).add(0.5).clamp(0, 1);
        return ascend(model, start, gen, x -> {
            Tensor logits = model.call(x);
            Saliency.checkTarget(logits, target);
            return logits.select(1, target).sum().sub(x.sub(0.5).square().sum().mul(l2));
        });
    }

    /** DeepDream of {@code image} [1, C, H, W] on {@code layer}: the mean square of its activations amplified. */
    public Tensor deepDream(Module model, Module layer, Tensor image, Generator gen) {
        Saliency.checkOne(image);
        return ascend(model, image, gen, x -> LayerActivations.run(model, layer, x).activation().square().mean());
    }

    private Tensor ascend(Module model, Tensor start, Generator gen, Function<Tensor, Tensor> objective) {
        Tensor x = start.detach().copy();
        for (int step = 1; step <= steps; step++) {
            int dy = x.dim() == 4 ? shift(gen) : 0, dx = x.dim() == 4 ? shift(gen) : 0; // jitter shifts images only
            Tensor g = InputGradient.ofInput(model, roll(x, dy, dx), objective);
            try (var s = GradMode.noGrad()) {
                g = roll(g, -dy, -dx);
                x = x.add(g.mul(rate / (g.abs().mean().item() + 1e-12))).clamp(0, 1);
                if (blurEvery > 0 && step % blurEvery == 0 && x.dim() == 4)
                    x = F.avgPool2d(x, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, false, false);
            }
        }
        return x;
    }

    private int shift(Generator gen) { return jitter == 0 ? 0 : (int) (gen.nextLong(2L * jitter + 1) - jitter); }

    /** x [N, C, H, W] shifted circularly by dy rows and dx columns. */
    static Tensor roll(Tensor x, int dy, int dx) {
        return rollDim(rollDim(x, 2, dy), 3, dx);
    }

    private static Tensor rollDim(Tensor x, int dim, int by) {
        int n = x.size(dim), k = Math.floorMod(by, n);
        if (k == 0) return x;
        return Tensor.cat(java.util.List.of(x.narrow(dim, n - k, k), x.narrow(dim, 0, n - k)), dim);
    }
}
