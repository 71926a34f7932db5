package org.nabla.nn.functional;

import java.util.Arrays;
import org.nabla.nn.loss.Losses;
import org.nabla.nn.loss.Reduction;
import org.nabla.tensor.Activations;
import org.nabla.tensor.Convolution;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Pooling;
import org.nabla.tensor.Tensor;

/**
 * The stateless functions of {@code torch.nn.functional}, by their PyTorch names in camel case: activations,
 * linear, convolution, pooling and dropout, and every loss. A thin facade over {@link Tensor}, {@link Activations},
 * {@link Convolution}, {@link Pooling} and {@link Losses}, which document the semantics. The short overloads use
 * PyTorch's defaults (reduction mean, ignore_index -100, ...).
 */
public final class F {
    private F() {}

    // ------------------------------------------------------------ activations

    public static Tensor relu(Tensor x) { return x.relu(); }
    public static Tensor leakyRelu(Tensor x) { return Activations.leakyRelu(x, 0.01); }
    public static Tensor leakyRelu(Tensor x, double negativeSlope) { return Activations.leakyRelu(x, negativeSlope); }
    public static Tensor elu(Tensor x) { return Activations.elu(x, 1.0); }
    public static Tensor elu(Tensor x, double alpha) { return Activations.elu(x, alpha); }
    public static Tensor selu(Tensor x) { return Activations.selu(x); }
    public static Tensor gelu(Tensor x) { return Activations.gelu(x); }
    /** approximate: "none" (exact, via erf) or "tanh". */
    public static Tensor gelu(Tensor x, String approximate) { return Activations.gelu(x, approximate); }
    public static Tensor sigmoid(Tensor x) { return x.sigmoid(); }
    public static Tensor tanh(Tensor x) { return x.tanh(); }
    /** Its gradient is zero everywhere (see {@link org.nabla.nn.activation.Sign}). */
    public static Tensor sign(Tensor x) { return x.sign(); }
    public static Tensor softmax(Tensor x, int dim) { return x.softmax(dim); }
    public static Tensor logSoftmax(Tensor x, int dim) { return x.logSoftmax(dim); }
    /** weight: 1 slope, or one per channel (dim 1). */
    public static Tensor prelu(Tensor x, Tensor weight) { return Activations.prelu(x, weight); }
    public static Tensor softplus(Tensor x) { return Activations.softplus(x, 1, 20); }
    public static Tensor softplus(Tensor x, double beta, double threshold) { return Activations.softplus(x, beta, threshold); }

    // ------------------------------------------------------------ layers

    /** x W^T + b for x [..., in], weight [out, in], bias [out] or null; the 2-d case adds the bias inside the GEMM. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        if (weight.dim() != 2 || x.dim() == 0 || x.size(-1) != weight.size(1) || (bias != null && !Arrays.equals(bias.shape(), new int[] {weight.size(0)})))
            throw new IllegalArgumentException("linear: expected input [..., in], weight [out, in] and bias [out] or none, got input "
                    + Arrays.toString(x.shape()) + ", weight " + Arrays.toString(weight.shape()) + ", bias " + (bias == null ? "none" : Arrays.toString(bias.shape())));
        if (x.dim() == 2 && bias != null) return Tensor.addmm(bias, x, weight.t());
        Tensor y = x.matmul(weight.t());
        return bias == null ? y : y.add(bias);
    }

    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias) { return Convolution.conv1d(x, weight, bias, 1, 0, 1, 1); }
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) { return Convolution.conv1d(x, weight, bias, stride, padding, dilation, groups); }
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias) { return Convolution.conv2d(x, weight, bias); }
    /** stride, padding and dilation are {height, width} pairs. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) { return Convolution.conv2d(x, weight, bias, stride, padding, dilation, groups); }
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias) { return Convolution.convTranspose2d(x, weight, bias, new int[] {1, 1}, new int[] {0, 0}, new int[] {0, 0}, new int[] {1, 1}, 1); }
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] outputPadding, int[] dilation, int groups) { return Convolution.convTranspose2d(x, weight, bias, stride, padding, outputPadding, dilation, groups); }
    public static Tensor maxPool2d(Tensor x, int kernel) { return Pooling.maxPool2d(x, kernel); }
    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode) { return Pooling.maxPool2d(x, kernel, stride, padding, ceilMode); }
    public static Tensor avgPool2d(Tensor x, int kernel) { return Pooling.avgPool2d(x, kernel); }
    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) { return Pooling.avgPool2d(x, kernel, stride, padding, ceilMode, countIncludePad); }

    /** Inverted dropout from the global generator. */
    public static Tensor dropout(Tensor x, double p, boolean training) { return dropout(x, p, training, Generator.global()); }

    /**
     * Inverted dropout: in training, zeroes each element with probability p and scales the rest by 1 / (1 - p),
     * so the expectation is unchanged; in eval (training false) returns x itself.
     */
    public static Tensor dropout(Tensor x, double p, boolean training, Generator gen) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("dropout: probability has to be between 0 and 1, but got " + p);
        if (!training || p == 0) return x;
        if (p == 1) return x.mul(0);
        Tensor keep = Tensor.rand(gen, x.shape()).ge(p).to(x.dtype()); // P(u >= p) = 1 - p
        return x.mul(keep.div(1 - p));
    }

    // ------------------------------------------------------------ losses

    public static Tensor mseLoss(Tensor input, Tensor target) { return Losses.mseLoss(input, target, Reduction.MEAN); }
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) { return Losses.mseLoss(input, target, reduction); }
    public static Tensor l1Loss(Tensor input, Tensor target) { return Losses.l1Loss(input, target, Reduction.MEAN); }
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) { return Losses.l1Loss(input, target, reduction); }
    public static Tensor huberLoss(Tensor input, Tensor target) { return Losses.huberLoss(input, target, 1.0, Reduction.MEAN); }
    public static Tensor huberLoss(Tensor input, Tensor target, double delta, Reduction reduction) { return Losses.huberLoss(input, target, delta, reduction); }
    public static Tensor smoothL1Loss(Tensor input, Tensor target) { return Losses.smoothL1Loss(input, target, 1.0, Reduction.MEAN); }
    public static Tensor smoothL1Loss(Tensor input, Tensor target, double beta, Reduction reduction) { return Losses.smoothL1Loss(input, target, beta, reduction); }
    /** Logits [N, C] (or [C], [N, C, d1, ...]) against class indices or class probabilities. */
    public static Tensor crossEntropy(Tensor input, Tensor target) { return Losses.crossEntropy(input, target, null, Losses.DEFAULT_IGNORE_INDEX, 0, Reduction.MEAN); }
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, int ignoreIndex, double labelSmoothing, Reduction reduction) { return Losses.crossEntropy(input, target, weight, ignoreIndex, labelSmoothing, reduction); }
    public static Tensor nllLoss(Tensor input, Tensor target) { return Losses.nllLoss(input, target, null, Losses.DEFAULT_IGNORE_INDEX, Reduction.MEAN); }
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, int ignoreIndex, Reduction reduction) { return Losses.nllLoss(input, target, weight, ignoreIndex, reduction); }
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) { return Losses.binaryCrossEntropy(input, target, null, Reduction.MEAN); }
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) { return Losses.binaryCrossEntropy(input, target, weight, reduction); }
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) { return Losses.binaryCrossEntropyWithLogits(input, target, null, null, Reduction.MEAN); }
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight, Reduction reduction) { return Losses.binaryCrossEntropyWithLogits(input, target, weight, posWeight, reduction); }
    /** The binary SVM hinge max(0, 1 - y f), labels in {-1, +1}. */
    public static Tensor hingeLoss(Tensor input, Tensor target) { return Losses.hingeLoss(input, target, 1.0, Reduction.MEAN); }
    public static Tensor hingeLoss(Tensor input, Tensor target, double margin, Reduction reduction) { return Losses.hingeLoss(input, target, margin, reduction); }
    /** The multi-class SVM loss. */
    public static Tensor multiMarginLoss(Tensor input, Tensor target) { return Losses.multiMarginLoss(input, target, 1, 1.0, null, Reduction.MEAN); }
    public static Tensor multiMarginLoss(Tensor input, Tensor target, int p, double margin, Tensor weight, Reduction reduction) { return Losses.multiMarginLoss(input, target, p, margin, weight, reduction); }
    /** Input log-probabilities against target probabilities. */
    public static Tensor klDiv(Tensor input, Tensor target) { return Losses.klDiv(input, target, Reduction.MEAN, false); }
    public static Tensor klDiv(Tensor input, Tensor target, Reduction reduction, boolean logTarget) { return Losses.klDiv(input, target, reduction, logTarget); }
    /** torchvision.ops.sigmoid_focal_loss with its defaults: alpha 0.25, gamma 2, reduction none. */
    public static Tensor sigmoidFocalLoss(Tensor input, Tensor target) { return Losses.sigmoidFocalLoss(input, target, 0.25, 2.0, Reduction.NONE); }
    public static Tensor sigmoidFocalLoss(Tensor input, Tensor target, double alpha, double gamma, Reduction reduction) { return Losses.sigmoidFocalLoss(input, target, alpha, gamma, reduction); }
}
