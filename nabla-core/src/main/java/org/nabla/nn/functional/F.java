package org.nabla.nn.functional;

import java.util.Arrays;
import java.util.List;
import org.nabla.backend.RecurrentCell;
import org.nabla.nn.loss.Reduction;
import org.nabla.nn.recurrent.CellState;
import org.nabla.nn.recurrent.RecurrentConfig;
import org.nabla.nn.recurrent.RecurrentOutput;
import org.nabla.nn.recurrent.RecurrentState;
import org.nabla.tensor.Activations;
import org.nabla.tensor.Convolution;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Pooling;
import org.nabla.tensor.Resampling;
import org.nabla.tensor.Tensor;
import org.nabla.tensor.ValuesIndices;

/**
 * Every stateless function of the network toolkit, as {@code torch.nn.functional}, by PyTorch's names in camel
 * case: activations, linear and convolution, pooling, padding and resampling, normalisation, dropout, embedding,
 * and the losses. The layers of {@code org.nabla.nn} own their parameters and options and delegate their math
 * here, as {@code torch.nn.Linear} delegates to {@code F.linear}. The short overloads use PyTorch's defaults
 * (reduction mean, ignore_index -100, ...). The ops underneath live in {@code org.nabla.tensor}
 * ({@link Activations}, {@link Convolution}, {@link Pooling}, {@link Resampling}) and in this package.
 */
public final class F {
    private F() {}

    /** PyTorch's default ignore_index, -100: with ordinary class indices, nothing is ignored. */
    public static final int DEFAULT_IGNORE_INDEX = -100;

    // ------------------------------------------------------------ activations

    /** max(x, 0); its gradient follows {@link ReluGradient}'s rule (standard unless an attribution method sets one). */
    public static Tensor relu(Tensor x) { return ReluGradient.relu(x); }
    public static Tensor leakyRelu(Tensor x) { return Activations.leakyRelu(x, 0.01); }
    /** x for x > 0, negativeSlope * x otherwise; the gradient at 0 is negativeSlope. */
    public static Tensor leakyRelu(Tensor x, double negativeSlope) { return Activations.leakyRelu(x, negativeSlope); }
    public static Tensor elu(Tensor x) { return Activations.elu(x, 1.0); }
    /** x for x > 0, alpha (e^x - 1) otherwise. */
    public static Tensor elu(Tensor x, double alpha) { return Activations.elu(x, alpha); }
    /** scale * elu(x, alpha) with the self-normalising constants. */
    public static Tensor selu(Tensor x) { return Activations.selu(x); }
    public static Tensor gelu(Tensor x) { return Activations.gelu(x, "none"); }
    /** x * Phi(x); approximate: "none" (exact, via erf) or "tanh". */
    public static Tensor gelu(Tensor x, String approximate) { return Activations.gelu(x, approximate); }
    public static Tensor sigmoid(Tensor x) { return x.sigmoid(); }
    public static Tensor tanh(Tensor x) { return x.tanh(); }
    /** Its gradient is zero everywhere (see {@link org.nabla.nn.activation.Sign}). */
    public static Tensor sign(Tensor x) { return x.sign(); }
    public static Tensor softmax(Tensor x, int dim) { return x.softmax(dim); }
    public static Tensor logSoftmax(Tensor x, int dim) { return x.logSoftmax(dim); }
    /** x for x > 0, weight * x otherwise; weight: 1 slope, or one per channel (dim 1). */
    public static Tensor prelu(Tensor x, Tensor weight) { return Activations.prelu(x, weight); }
    public static Tensor softplus(Tensor x) { return Activations.softplus(x, 1, 20); }
    /** log(1 + e^(beta x)) / beta, and x itself where beta x exceeds threshold. */
    public static Tensor softplus(Tensor x, double beta, double threshold) { return Activations.softplus(x, beta, threshold); }

    // ------------------------------------------------------------ linear, convolution, embedding

    /** x W^T + b for x [..., in], weight [out, in], bias [out] or null; the 2-d case adds the bias inside the GEMM. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        if (weight.dim() != 2 || x.dim() == 0 || x.size(-1) != weight.size(1) || (bias != null && !Arrays.equals(bias.shape(), new int[] {weight.size(0)})))
            throw new IllegalArgumentException("linear: expected input [..., in], weight [out, in] and bias [out] or none, got input "
                    + Arrays.toString(x.shape()) + ", weight " + Arrays.toString(weight.shape()) + ", bias " + (bias == null ? "none" : Arrays.toString(bias.shape())));
        if (x.dim() == 2 && bias != null) return Tensor.addmm(bias, x, weight.t());
        if (x.dim() > 2) {
            // [..., in] as one [rows, in] GEMM (not a batch of small ones, each with its own weight gradient).
            int[] shape = x.shape();
            shape[shape.length - 1] = weight.size(0);
            return linear(x.reshape(-1, weight.size(1)), weight, bias).reshape(shape);
        }
        Tensor y = x.matmul(weight.t());
        return bias == null ? y : y.add(bias);
    }

    /**
     * DropConnect (Wan et al., 2013): linear with inverted dropout on the weight (not the bias), one weight mask
     * per call drawn as {@link #dropout} draws it; in eval, plain linear.
     */
    public static Tensor dropConnect(Tensor x, Tensor weight, Tensor bias, double p, boolean training, Generator gen) {
        return Dropouts.dropConnect(x, weight, bias, p, training, gen);
    }

    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias) { return Convolution.conv1d(x, weight, bias, 1, 0, 1, 1); }
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) { return Convolution.conv1d(x, weight, bias, stride, padding, dilation, groups); }
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias) { return Convolution.conv2d(x, weight, bias); }
    /** stride, padding and dilation are {height, width} pairs. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) { return Convolution.conv2d(x, weight, bias, stride, padding, dilation, groups); }
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias) { return Convolution.convTranspose2d(x, weight, bias, new int[] {1, 1}, new int[] {0, 0}, new int[] {0, 0}, new int[] {1, 1}, 1); }
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] outputPadding, int[] dilation, int groups) { return Convolution.convTranspose2d(x, weight, bias, stride, padding, outputPadding, dilation, groups); }

    /** Rows of weight [num, dim] picked by integer indices of any shape; the paddingIdx row (may be negative, or null) gets no gradient. */
    public static Tensor embedding(Tensor indices, Tensor weight, Integer paddingIdx) { return Embeddings.embedding(indices, weight, paddingIdx); }

    // ------------------------------------------------------------ attention

    /**
     * PyTorch 2's {@code scaled_dot_product_attention}: softmax(q k^T / sqrt(E) + mask) v for query [..., L, E], key
     * [..., S, E] and value [..., S, Ev] (batch dims broadcast) -> [..., L, Ev]. attnMask (or null) broadcasts to
     * [..., L, S]: an integer (boolean-style) mask is non-zero where a query MAY attend to a key (PyTorch's bool mask:
     * True takes part), a floating mask is added to the scores (0 keeps, -inf removes). isCausal masks the keys after
     * each query (column > row) and excludes attnMask. Dropout with dropoutP on the weights, always (pass 0 in eval),
     * drawn from gen.
     */
    public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v, Tensor attnMask, double dropoutP, boolean isCausal, Generator gen) {
        return Attention.scaledDotProduct(q, k, v, attnMask, dropoutP, isCausal, null, gen).output();
    }

    /** {@link #scaledDotProductAttention} without mask or dropout. */
    public static Tensor scaledDotProductAttention(Tensor q, Tensor k, Tensor v) { return scaledDotProductAttention(q, k, v, null, 0, false, null); }

    /**
     * {@link #scaledDotProductAttention} returning the attention weights [..., L, S] too (after dropout); scale
     * replaces 1 / sqrt(E) unless null.
     */
    public static AttentionResult scaledDotProductAttentionWithWeights(Tensor q, Tensor k, Tensor v, Tensor attnMask, double dropoutP, boolean isCausal,
                                                                       Double scale, Generator gen) {
        return Attention.scaledDotProduct(q, k, v, attnMask, dropoutP, isCausal, scale, gen);
    }

    /**
     * {@code nn.MultiheadAttention}'s computation (PyTorch's {@code multi_head_attention_forward}) on BATCH-FIRST
     * inputs: query [N, L, E] (or unbatched [L, E]), key and value [N, S, E]; inProjWeight [3E, E] (W_q, W_k, W_v
     * stacked), inProjBias [3E], outProjWeight [E, E], outProjBias [E] (biases may be null). Masks as PyTorch's
     * module: keyPaddingMask [N, S] and attnMask [L, S] or [N * heads, L, S], an integer one non-zero where
     * attending is NOT allowed, a floating one added to the scores. Returns the output [N, L, E] and, with
     * needWeights, the weights averaged over the heads [N, L, S] (averageWeights) or per head [N, heads, L, S];
     * dropout on the weights in training only.
     */
    public static AttentionResult multiHeadAttention(Tensor query, Tensor key, Tensor value, int numHeads, Tensor inProjWeight, Tensor inProjBias,
                                                     Tensor outProjWeight, Tensor outProjBias, Tensor keyPaddingMask, Tensor attnMask,
                                                     boolean needWeights, boolean averageWeights, double dropoutP, boolean training, Generator gen) {
        return Attention.multiHead(query, key, value, numHeads, inProjWeight, inProjBias, outProjWeight, outProjBias, keyPaddingMask, attnMask,
                needWeights, averageWeights, dropoutP, training, gen);
    }

    // ------------------------------------------------------------ pooling

    /** Max pooling with stride = kernel, no padding. */
    public static Tensor maxPool1d(Tensor x, int kernel) { return Pools.maxPool1d(x, kernel, kernel, 0, false); }
    /** Over [N, C, L] or [C, L]; padding at most half the kernel, padded cells never win. */
    public static Tensor maxPool1d(Tensor x, int kernel, int stride, int padding, boolean ceilMode) { return Pools.maxPool1d(x, kernel, stride, padding, ceilMode); }
    public static Tensor maxPool2d(Tensor x, int kernel) { return maxPool2d(x, new int[] {kernel, kernel}, new int[] {kernel, kernel}, new int[] {0, 0}, false); }
    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode) { return Pooling.maxPool2d(x, kernel, stride, padding, ceilMode); }
    /** Values and the int64 flat index (within each h*w plane) of every window's maximum, for {@link #maxUnpool2d}. */
    public static ValuesIndices maxPool2dWithIndices(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode) { return Pooling.maxPool2dWithIndices(x, kernel, stride, padding, ceilMode); }
    /** Average pooling with stride = kernel, no padding. */
    public static Tensor avgPool1d(Tensor x, int kernel) { return Pools.avgPool1d(x, kernel, kernel, 0, false, true); }
    public static Tensor avgPool1d(Tensor x, int kernel, int stride, int padding, boolean ceilMode, boolean countIncludePad) { return Pools.avgPool1d(x, kernel, stride, padding, ceilMode, countIncludePad); }
    public static Tensor avgPool2d(Tensor x, int kernel) { return avgPool2d(x, new int[] {kernel, kernel}, new int[] {kernel, kernel}, new int[] {0, 0}, false, true); }
    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad) { return Pooling.avgPool2d(x, kernel, stride, padding, ceilMode, countIncludePad); }
    /** Averages over windows floor(i * in / out) to ceil((i + 1) * in / out); output size 1 is global average pooling. */
    public static Tensor adaptiveAvgPool1d(Tensor x, int outputSize) { return Pools.adaptiveAvgPool1d(x, outputSize); }
    /** outputSize: {h, w}, or one value for both. */
    public static Tensor adaptiveAvgPool2d(Tensor x, int... outputSize) { return Resampling.adaptiveAvgPool2d(x, outputSize); }
    public static Tensor adaptiveMaxPool1d(Tensor x, int outputSize) { return Pools.adaptiveMaxPool1d(x, outputSize, false).values(); }
    /** The values and each one's position along the sequence. */
    public static ValuesIndices adaptiveMaxPool1dWithIndices(Tensor x, int outputSize) { return Pools.adaptiveMaxPool1d(x, outputSize, true); }
    /** Max over the adaptive windows; output size 1 is global max pooling. outputSize: {h, w}, or one value for both. */
    public static Tensor adaptiveMaxPool2d(Tensor x, int... outputSize) { return Pools.adaptiveMaxPool2d(x, outputSize, false).values(); }
    /** The values and the int64 flat index of each maximum within its plane, for {@link #maxUnpool2d}. */
    public static ValuesIndices adaptiveMaxPool2dWithIndices(Tensor x, int... outputSize) { return Pools.adaptiveMaxPool2d(x, outputSize, true); }
    /** Zeros of outputSize {h, w} with each value of x written at its index from a max pooling. */
    public static Tensor maxUnpool2d(Tensor x, Tensor indices, int[] outputSize) { return Resampling.maxUnpool2d(x, indices, outputSize); }

    // ------------------------------------------------------------ padding and resampling

    /** Zero padding; pad lists (before, after) pairs from the last dim backwards; negative entries crop. */
    public static Tensor pad(Tensor x, int[] pad) { return Padding.pad(x, pad, "constant", 0); }
    /** Constant padding with value. */
    public static Tensor pad(Tensor x, int[] pad, double value) { return Padding.pad(x, pad, "constant", value); }
    /** mode "constant" (zeros), "reflect" or "replicate"; the last two pad the last 1-3 dims of an input with 1 or 2 more. */
    public static Tensor pad(Tensor x, int[] pad, String mode) { return Padding.pad(x, pad, mode, 0); }
    /** Resizes [n, c, h, w] or [c, h, w] to size {h, w} (one value for both); mode "nearest" or "bilinear". */
    public static Tensor interpolate(Tensor x, int[] size, String mode, boolean alignCorners) { return Resampling.interpolate(x, size, mode, alignCorners); }
    /** Resizes by scale factors {h, w} (one value for both): output size floor(in * factor). */
    public static Tensor interpolate(Tensor x, double[] scaleFactor, String mode, boolean alignCorners) { return Resampling.interpolate(x, scaleFactor, mode, alignCorners); }

    // ------------------------------------------------------------ normalisation

    /**
     * Batch normalisation of x [N, C, *] over every dim but dim 1: with training, the batch statistics normalise
     * and the given running statistics [C] are updated in place (running = (1 - momentum) running + momentum
     * batch, unbiased variance); otherwise the running statistics normalise. weight, bias [C] may be null.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias, boolean training, double momentum, double eps) {
        return Norms.batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps);
    }
    /** Normalises over the last normalizedShape.length dims; weight and bias of normalizedShape or null. */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) { return Norms.layerNorm(x, normalizedShape, weight, bias, eps); }
    /** Normalises each sample's groups of consecutive channels; weight and bias [C] or null. */
    public static Tensor groupNorm(Tensor x, int numGroups, Tensor weight, Tensor bias, double eps) { return Norms.groupNorm(x, numGroups, weight, bias, eps); }

    // ------------------------------------------------------------ recurrent

    /** One Elman step: nonlinearity ("tanh" or "relu") of x W_ih^T + b_ih + h W_hh^T + b_hh; h null means zeros. */
    public static Tensor rnnCell(Tensor x, Tensor h, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, String nonlinearity) {
        return RecurrentLayers.rnnCell(x, h, wIh, wHh, bIh, bHh, nonlinearity);
    }

    /** One LSTM step (gates i, f, g, o): c' = f * c + i * g, h' = o * tanh(c'); state null means zeros. */
    public static CellState lstmCell(Tensor x, CellState state, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        return RecurrentLayers.lstmCell(x, state, wIh, wHh, bIh, bHh);
    }

    /** One GRU step (gates r, z, n): n = tanh(W_in x + b_in + r * (W_hn h + b_hn)), h' = (1 - z) * n + z * h. */
    public static Tensor gruCell(Tensor x, Tensor h, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) { return RecurrentLayers.gruCell(x, h, wIh, wHh, bIh, bHh); }

    /**
     * A stacked Elman network over a sequence, as {@code torch.nn.RNN}: weights in PyTorch's flat order (per layer
     * and direction: weight_ih, weight_hh, then bias_ih, bias_hh when config.bias()), state null for zeros, lengths
     * (int64 [B], or null) for a batch of sequences of different lengths; dropout between layers when training.
     */
    public static RecurrentOutput rnn(Tensor x, RecurrentState state, List<Tensor> weights, RecurrentConfig config, String nonlinearity,
                                      Tensor lengths, boolean training, Generator gen) {
        RecurrentCell cell = switch (nonlinearity) {
            case "tanh" -> RecurrentCell.RNN_TANH;
            case "relu" -> RecurrentCell.RNN_RELU;
            case null, default -> throw new IllegalArgumentException("rnn: nonlinearity must be 'tanh' or 'relu', got '" + nonlinearity + "'");
        };
        return RecurrentLayers.run("rnn", cell, x, state, weights, config, lengths, training, gen);
    }

    /** A stacked LSTM over a sequence, as {@code torch.nn.LSTM}; arguments as {@link #rnn}. */
    public static RecurrentOutput lstm(Tensor x, RecurrentState state, List<Tensor> weights, RecurrentConfig config, Tensor lengths, boolean training,
                                       Generator gen) {
        return RecurrentLayers.run("lstm", RecurrentCell.LSTM, x, state, weights, config, lengths, training, gen);
    }

    /** A stacked GRU over a sequence, as {@code torch.nn.GRU}; arguments as {@link #rnn}. */
    public static RecurrentOutput gru(Tensor x, RecurrentState state, List<Tensor> weights, RecurrentConfig config, Tensor lengths, boolean training,
                                      Generator gen) {
        return RecurrentLayers.run("gru", RecurrentCell.GRU, x, state, weights, config, lengths, training, gen);
    }

    /** The lengths (int64 [B]) of a padding mask [B, T] whose rows are 1 on their real steps, then 0. */
    public static Tensor sequenceLengths(Tensor mask) { return RecurrentLayers.lengthsOfMask(mask); }

    // ------------------------------------------------------------ dropout

    /** Inverted dropout from the global generator. */
    public static Tensor dropout(Tensor x, double p, boolean training) { return dropout(x, p, training, Generator.global()); }
    /**
     * Inverted dropout: in training, zeroes each element with probability p and scales the rest by 1 / (1 - p),
     * so the expectation is unchanged; in eval (training false) or for p = 0 returns x itself; p = 1 gives x * 0.
     * The mask comes from one draw of gen (a SplitMix64 stream seeded by it), the same as {@code nn.Dropout}'s.
     */
    public static Tensor dropout(Tensor x, double p, boolean training, Generator gen) { return Dropouts.dropout(x, p, training, gen); }
    /** Channel dropout of [N, C, H, W] or [C, H, W]: whole channels zeroed with probability p. */
    public static Tensor dropout2d(Tensor x, double p, boolean training, Generator gen) { return Dropouts.dropout2d(x, p, training, gen); }
    /**
     * Stochastic depth, as {@code torchvision.ops.stochastic_depth}: mode "row" drops each sample (dim 0) of a
     * residual branch with probability p, "batch" the whole batch; kept ones are scaled by 1 / (1 - p).
     */
    public static Tensor stochasticDepth(Tensor x, double p, String mode, boolean training, Generator gen) { return Dropouts.stochasticDepth(x, p, mode, training, gen); }

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
    public static Tensor crossEntropy(Tensor input, Tensor target) { return Losses.crossEntropy(input, target, null, DEFAULT_IGNORE_INDEX, 0, Reduction.MEAN); }
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, int ignoreIndex, double labelSmoothing, Reduction reduction) { return Losses.crossEntropy(input, target, weight, ignoreIndex, labelSmoothing, reduction); }
    /** Soft Dice loss of scores [N, C, d...] against classes [N, d...]: 1 - the mean over classes of (2 sum(p t) + smooth) / (sum(p) + sum(t) + smooth). */
    public static Tensor diceLoss(Tensor input, Tensor target, double smooth) { return DenseLosses.dice(input, target, smooth); }
    /** Softmax focal loss of scores [N, C, d...] against classes [N, d...]: -alpha_t (1 - p_t)^gamma log p_t (alpha per class, or null). */
    public static Tensor softmaxFocalLoss(Tensor input, Tensor target, Tensor alpha, double gamma, Reduction reduction) { return DenseLosses.softmaxFocal(input, target, alpha, gamma, reduction); }
    public static Tensor nllLoss(Tensor input, Tensor target) { return Losses.nllLoss(input, target, null, DEFAULT_IGNORE_INDEX, Reduction.MEAN); }
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, int ignoreIndex, Reduction reduction) { return Losses.nllLoss(input, target, weight, ignoreIndex, reduction); }
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) { return Losses.binaryCrossEntropy(input, target, null, Reduction.MEAN); }
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) { return Losses.binaryCrossEntropy(input, target, weight, reduction); }
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) { return Losses.binaryCrossEntropyWithLogits(input, target, null, null, Reduction.MEAN); }
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight, Reduction reduction) { return Losses.binaryCrossEntropyWithLogits(input, target, weight, posWeight, reduction); }
    /** The binary SVM hinge max(0, margin - y f), labels in {-1, +1}. */
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
