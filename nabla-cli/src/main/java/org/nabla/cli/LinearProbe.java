package org.nabla.cli;

import org.nabla.autograd.GradMode;
import org.nabla.nn.Linear;
import org.nabla.nn.functional.F;
import org.nabla.optim.Adam;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * What a frozen code knows about the classes: a logistic regression (one Linear layer, softmax cross-entropy, Adam
 * 1e-2, 30 epochs of batches of 256, seeded) trained on the codes of training images, its accuracy measured on the
 * codes of test images. Codes are standardised with the training codes' mean and standard deviation.
 */
final class LinearProbe {
    private LinearProbe() {}

    /** Test accuracy of a probe trained on {@code trainCodes} [N, k] with labels [N] (int64). */
    static double accuracy(Tensor trainCodes, Tensor trainLabels, Tensor testCodes, Tensor testLabels, int classes, long seed) {
        Tensor mean = trainCodes.mean(0, true), std = trainCodes.sub(mean).square().mean(0, true).add(1e-8).sqrt();
        Tensor x = trainCodes.sub(mean).div(std), xt = testCodes.sub(mean).div(std);
        Generator gen = new Generator(seed);
        Linear probe = new Linear(x.size(1), classes, true, gen);
        Adam opt = new Adam(probe.parameters(), Adam.Options.defaults().withLr(1e-2));
        int n = x.size(0);
        try (var training = GradMode.enableGrad()) { // callers often hold no-grad scopes for the codes
            fit(probe, opt, x.detach(), trainLabels, gen);
        }
        try (var g = GradMode.noGrad()) {
            Tensor predicted = probe.call(xt).argmax(1, false);
            return predicted.eq(testLabels).to(org.nabla.tensor.DType.FLOAT32).mean().item();
        }
    }

    private static void fit(Linear probe, Adam opt, Tensor x, Tensor trainLabels, Generator gen) {
        int n = x.size(0);
        for (int epoch = 0; epoch < 30; epoch++) {
            Tensor perm = permutation(n, gen);
            for (int i = 0; i < n; i += 256) {
                Tensor idx = perm.narrow(0, i, Math.min(256, n - i));
                opt.zeroGrad();
                F.crossEntropy(probe.call(x.indexSelect(0, idx)), trainLabels.indexSelect(0, idx)).backward();
                opt.step();
            }
        }
    }

    /** A seeded random permutation of 0..n-1 (Fisher-Yates) as int64. */
    private static Tensor permutation(int n, Generator gen) {
        long[] p = new long[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = (int) gen.nextLong(i + 1);
            long t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return Tensor.of(p, n);
    }
}
