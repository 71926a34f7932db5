package org.nabla.nn.functional;

import java.util.Arrays;
import org.nabla.autograd.GradMode;
import org.nabla.autograd.Node;
import org.nabla.nn.loss.Reduction;
import org.nabla.tensor.DType;
import org.nabla.tensor.Shape;
import org.nabla.tensor.Tensor;

/**
 * The losses as functions, with the semantics of {@code torch.nn.functional} (PyTorch 1.13), behind {@link F}
 * (the loss modules call F). Each is numerically stable: cross-entropy goes through log_softmax, the logit losses
 * through a log-sum-exp form, so logits of +-1000 give finite values and gradients. Errors name the loss (by
 * its module name) and the shapes involved.
 */
final class Losses {
    private Losses() {}

    // ------------------------------------------------------------ regression

    /** (input - target)^2. */
    static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        Tensor t = sameShapeTarget("MSELoss", input, target, false);
        return reduce("MSELoss", input.sub(t).square(), reduction);
    }

    /** |input - target|; the gradient where they are equal is 0. */
    static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        Tensor t = sameShapeTarget("L1Loss", input, target, false);
        return reduce("L1Loss", input.sub(t).abs(), reduction);
    }

    /** With z = |input - target|: z^2 / 2 for z < delta, delta (z - delta / 2) beyond. */
    static Tensor huberLoss(Tensor input, Tensor target, double delta, Reduction reduction) {
        String name = "HuberLoss";
        if (!(delta > 0)) throw new IllegalArgumentException(name + ": delta must be positive, got " + delta);
        Tensor t = sameShapeTarget(name, input, target, false);
        Tensor d = input.sub(t);
        Tensor z = d.abs();
        return reduce(name, Tensor.where(z.lt(delta), d.square().mul(0.5), z.sub(0.5 * delta).mul(delta)), reduction);
    }

    /** With z = |input - target|: z^2 / (2 beta) for z < beta, z - beta / 2 beyond; beta = 0 is the L1 loss. */
    static Tensor smoothL1Loss(Tensor input, Tensor target, double beta, Reduction reduction) {
        String name = "SmoothL1Loss";
        if (!(beta >= 0)) throw new IllegalArgumentException(name + ": beta must be non-negative, got " + beta);
        Tensor t = sameShapeTarget(name, input, target, false);
        Tensor d = input.sub(t);
        Tensor z = d.abs();
        if (beta == 0) return reduce(name, z, reduction);
        return reduce(name, Tensor.where(z.lt(beta), d.square().mul(0.5).div(beta), z.sub(0.5 * beta)), reduction);
    }

    // ------------------------------------------------------------ classification

    /**
     * Cross-entropy from logits, as torch.nn.functional.cross_entropy. The input is [C] or [N, C, d1, ...] with the
     * classes on dim 1. The target is either class indices (an integer tensor of the input's shape without the
     * class dim; entries equal to ignoreIndex contribute nothing) or class probabilities (a floating tensor of the
     * input's shape). weight (null for none) rescales each class; with class indices the mean divides by the sum
     * of the weights of the non-ignored targets, with probabilities by the number of samples. labelSmoothing
     * mixes the target with the uniform distribution: (1 - eps) * target + eps / C.
     */
    static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, int ignoreIndex, double labelSmoothing,
                                      Reduction reduction) {
        String name = "CrossEntropyLoss";
        checkNoBatchMean(name, reduction);
        int classDim = checkClassInput(name, input, Integer.MAX_VALUE);
        int classes = input.size(classDim);
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new IllegalArgumentException(name + ": label_smoothing must be in [0, 1], got " + labelSmoothing);
        Tensor w = classWeight(name, weight, classes, input.dtype());
        int[] wShape = classShape(input.dim(), classDim, classes);
        Tensor logp = input.logSoftmax(classDim);

        if (target.dtype().isFloating()) {
            if (!Arrays.equals(target.shape(), input.shape()))
                throw new IllegalArgumentException(name + ": a class-probability target must have the input's shape " + Shape.str(input.shape())
                        + ", got " + Shape.str(target.shape()) + " (class indices are an integer tensor)");
            if (ignoreIndex >= 0) throw new IllegalArgumentException(name + ": ignore_index is not supported with class-probability targets");
            Tensor p = target.to(input.dtype());
            if (labelSmoothing > 0) p = p.mul(1 - labelSmoothing).add(labelSmoothing / classes);
            Tensor prod = logp.mul(p);
            if (w != null) prod = prod.mul(w.reshape(wShape));
            return switch (reduction) {
                case NONE -> prod.sum(classDim, false).neg();
                case SUM -> prod.sum().neg();
                default -> prod.sum().neg().div(input.numel() / classes); // the mean over samples, weighted or not
            };
        }

        ClassTargets ct = classTargets(name, input, target, classDim, ignoreIndex, w);
        Tensor nll = nll(logp, ct, classDim, reduction);
        if (labelSmoothing == 0) return nll;
        // The uniform part: -sum_c w_c log p_c per sample, 0 where ignored, reduced like the NLL term.
        Tensor smooth = (w == null ? logp : logp.mul(w.reshape(wShape))).sum(classDim, false).neg();
        smooth = Tensor.where(ct.valid(), smooth, Tensor.scalar(0, smooth.dtype()));
        Tensor reduced = switch (reduction) {
            case NONE -> smooth;
            case SUM -> smooth.sum();
            default -> smooth.sum().div(ct.weight().sum());
        };
        return nll.mul(1 - labelSmoothing).add(reduced.mul(labelSmoothing / classes));
    }

    /**
     * The negative log-likelihood of class indices under log-probabilities, as torch.nn.functional.nll_loss:
     * input [C] or [N, C, d1, ...], target of the input's shape without dim 1; -w[t] * input[t] per sample,
     * 0 where target == ignoreIndex; the mean divides by the sum of w[t] over the non-ignored samples.
     */
    static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, int ignoreIndex, Reduction reduction) {
        String name = "NLLLoss";
        checkNoBatchMean(name, reduction);
        int classDim = checkClassInput(name, input, Integer.MAX_VALUE);
        Tensor w = classWeight(name, weight, input.size(classDim), input.dtype());
        return nll(input, classTargets(name, input, target, classDim, ignoreIndex, w), classDim, reduction);
    }

    private static Tensor nll(Tensor logp, ClassTargets ct, int classDim, Reduction reduction) {
        Tensor picked = logp.gather(classDim, ct.index().unsqueeze(classDim)).squeeze(classDim);
        // where(), not a product with the mask: an ignored sample contributes 0 even if its log-probability is -inf.
        Tensor loss = Tensor.where(ct.valid(), picked.mul(ct.weight()).neg(), Tensor.scalar(0, picked.dtype()));
        return switch (reduction) {
            case NONE -> loss;
            case SUM -> loss.sum();
            default -> loss.sum().div(ct.weight().sum());
        };
    }

    /**
     * Binary cross-entropy of probabilities: -w (t log x + (1 - t) log(1 - x)), each log clamped at -100 as in
     * PyTorch so that x = 0 or 1 stays finite. Its gradient is PyTorch's, w (x - t) / max(x (1 - x), 1e-12).
     * The input must lie in [0, 1]; weight (null for none) broadcasts to the input's shape. The target gets no
     * gradient (PyTorch does not implement one either).
     */
    static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        String name = "BCELoss";
        checkNoBatchMean(name, reduction);
        Tensor t = sameShapeTarget(name, input, target, false);
        if (target.requiresGrad())
            throw new IllegalArgumentException(name + ": the gradient with respect to the target is not implemented (as in PyTorch);"
                    + " detach the target or use BCEWithLogitsLoss");
        Tensor w = elementWeight(name, "weight", weight, input);
        Tensor x = input;
        Tensor out;
        try (var s = GradMode.noGrad()) {
            if (x.numel() > 0) {
                double lo = x.min().item(), hi = x.max().item();
                if (!(lo >= 0 && hi <= 1))
                    throw new IllegalArgumentException(name + ": all elements of input should be between 0 and 1, got values in ["
                            + lo + ", " + hi + "] (for logits use BCEWithLogitsLoss)");
            }
            out = t.sub(1).mul(x.rsub(1).log().clampMin(-100)).sub(t.mul(x.log().clampMin(-100)));
            if (w != null) out = out.mul(w);
        }
        Tensor loss = Node.record(out, "BinaryCrossEntropy", x, g -> {
            Tensor gx = g.mul(x.sub(t)).div(x.mul(x.rsub(1)).clampMin(1e-12));
            return w == null ? gx : gx.mul(w);
        });
        return reduce(name, loss, reduction);
    }

    /**
     * Binary cross-entropy of logits: (1 - t) x + (1 + (pw - 1) t) log(1 + e^-x), times weight, as
     * torch.nn.functional.binary_cross_entropy_with_logits. log(1 + e^-x) is m + log(e^-m + e^(-x-m)) with
     * m = max(-x, 0), so no exponent is positive. posWeight (null for none) weighs the positive term, broadcast
     * along the last dim (one per class); weight (null for none) broadcasts to the input's shape.
     */
    static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight, Reduction reduction) {
        String name = "BCEWithLogitsLoss";
        checkNoBatchMean(name, reduction);
        Tensor t = sameShapeTarget(name, input, target, false);
        Tensor w = elementWeight(name, "weight", weight, input);
        Tensor pw = elementWeight(name, "pos_weight", posWeight, input);
        return reduce(name, bceWithLogits(input, t, w, pw), reduction);
    }

    private static Tensor bceWithLogits(Tensor x, Tensor t, Tensor w, Tensor pw) {
        Tensor m = x.neg().clampMin(0);
        Tensor softplusNeg = m.neg().exp().add(x.neg().sub(m).exp()).log().add(m); // log(1 + e^-x)
        Tensor loss = t.rsub(1).mul(x).add(pw == null ? softplusNeg : pw.sub(1).mul(t).add(1).mul(softplusNeg));
        return w == null ? loss : loss.mul(w);
    }

    /**
     * The binary SVM hinge loss max(0, margin - y f) of scores f against labels y in {-1, +1} (floating or
     * integer), of the same shape. Its gradient at the hinge (y f = margin) is 0, like relu's.
     */
    static Tensor hingeLoss(Tensor input, Tensor target, double margin, Reduction reduction) {
        String name = "HingeLoss";
        checkNoBatchMean(name, reduction);
        Tensor y = sameShapeTarget(name, input, target, true);
        try (var s = GradMode.noGrad()) {
            long bad = y.numel() == 0 ? 0 : (long) y.abs().ne(1).sum().item();
            if (bad > 0)
                throw new IllegalArgumentException(name + ": target labels must be -1 or +1, but " + bad + " of the " + y.numel()
                        + " in " + Shape.str(y.shape()) + " are not");
        }
        return reduce(name, y.mul(input).rsub(margin).relu(), reduction);
    }

    /**
     * The multi-class SVM loss, as torch.nn.functional.multi_margin_loss: for input [N, C] (or [C]) and class
     * indices [N] (or 0-d), sum over i != y of w[y] max(0, margin - x[y] + x[i])^p, divided by C; p is 1 or 2.
     */
    static Tensor multiMarginLoss(Tensor input, Tensor target, int p, double margin, Tensor weight, Reduction reduction) {
        String name = "MultiMarginLoss";
        checkNoBatchMean(name, reduction);
        if (p != 1 && p != 2) throw new IllegalArgumentException(name + ": only p = 1 and p = 2 are supported, got " + p);
        int classDim = checkClassInput(name, input, 2);
        int classes = input.size(classDim);
        Tensor w = classWeight(name, weight, classes, input.dtype());
        ClassTargets ct = classTargets(name, input, target, classDim, null, w);
        Tensor xy = input.gather(classDim, ct.index().unsqueeze(classDim));
        Tensor z = input.sub(xy).add(margin).relu(); // strictly positive margins only, like PyTorch's z > 0
        if (p == 2) z = z.square();
        z = z.mul(ct.index().oneHot(classes).to(input.dtype()).rsub(1)); // skip i == y
        if (w != null) z = z.mul(ct.weight().unsqueeze(classDim));
        return reduce(name, z.sum(classDim, false).div(classes), reduction);
    }

    /**
     * The Kullback-Leibler divergence of the target distribution from the input's, as torch.nn.functional.kl_div:
     * the input holds log-probabilities; the target probabilities (0 log 0 = 0), or log-probabilities with
     * logTarget. Per element t (log t - input), or e^t (t - input) with logTarget. {@link Reduction#BATCHMEAN}
     * divides the sum by the batch size (the true KL divergence per sample); MEAN divides by the element count.
     */
    static Tensor klDiv(Tensor input, Tensor target, Reduction reduction, boolean logTarget) {
        String name = "KLDivLoss";
        Tensor t = sameShapeTarget(name, input, target, false);
        Tensor loss;
        if (logTarget) {
            loss = t.exp().mul(t.sub(input));
        } else {
            // xlogy(t, t): log of 1 where t == 0, so 0 log 0 is 0 and its gradient is not NaN.
            Tensor safe = Tensor.where(t.eq(0), Tensor.scalar(1, t.dtype()), t);
            loss = t.mul(safe.log()).sub(t.mul(input));
        }
        return switch (reduction) {
            case NONE -> loss;
            case SUM -> loss.sum();
            case MEAN -> loss.mean();
            case BATCHMEAN -> input.dim() == 0 ? loss.sum() : loss.sum().div(input.size(0));
        };
    }

    /**
     * The sigmoid focal loss of Lin et al. (2017), exactly as torchvision.ops.sigmoid_focal_loss: for logits x
     * and binary (or soft) targets t of the same shape, with p = sigmoid(x) and p_t = p t + (1 - p)(1 - t):
     * alpha_t (1 - p_t)^gamma BCEWithLogits(x, t), alpha_t = alpha t + (1 - alpha)(1 - t); a negative alpha
     * disables the weighting. One binary problem per element, so it serves multi-label and dense detection
     * (one logit per class and anchor). torchvision's defaults: alpha 0.25, gamma 2.
     */
    static Tensor sigmoidFocalLoss(Tensor input, Tensor target, double alpha, double gamma, Reduction reduction) {
        String name = "FocalLoss";
        checkNoBatchMean(name, reduction);
        if (!(gamma >= 0)) throw new IllegalArgumentException(name + ": gamma must be non-negative, got " + gamma);
        Tensor t = sameShapeTarget(name, input, target, false);
        Tensor p = input.sigmoid();
        Tensor ce = bceWithLogits(input, t, null, null);
        Tensor pt = p.mul(t).add(p.rsub(1).mul(t.rsub(1)));
        Tensor loss = ce.mul(pt.rsub(1).pow(gamma));
        if (alpha >= 0) loss = t.mul(alpha).add(t.rsub(1).mul(1 - alpha)).mul(loss);
        return reduce(name, loss, reduction);
    }

    // ------------------------------------------------------------ shared checks

    static Tensor reduce(String name, Tensor loss, Reduction reduction) {
        return switch (reduction) {
            case NONE -> loss;
            case MEAN -> loss.mean();
            case SUM -> loss.sum();
            case BATCHMEAN -> throw new IllegalArgumentException(name + ": reduction 'batchmean' is only defined for KLDivLoss");
        };
    }

    private static void checkNoBatchMean(String name, Reduction reduction) {
        if (reduction == Reduction.BATCHMEAN)
            throw new IllegalArgumentException(name + ": reduction 'batchmean' is only defined for KLDivLoss");
    }

    /** The target cast to the input's dtype, after checking dtypes and that the shapes are equal. */
    private static Tensor sameShapeTarget(String name, Tensor input, Tensor target, boolean integerTargetAllowed) {
        checkFloatingInput(name, input);
        if (!target.dtype().isFloating() && !integerTargetAllowed)
            throw new IllegalArgumentException(name + ": expected a floating-point target, got " + target.dtype() + " " + Shape.str(target.shape()));
        if (!Arrays.equals(input.shape(), target.shape()))
            throw new IllegalArgumentException(name + ": input " + Shape.str(input.shape()) + " and target " + Shape.str(target.shape())
                    + " must have the same shape");
        return target.to(input.dtype());
    }

    private static void checkFloatingInput(String name, Tensor input) {
        if (!input.dtype().isFloating())
            throw new IllegalArgumentException(name + ": expected a floating-point input, got " + input.dtype() + " " + Shape.str(input.shape()));
    }

    /** For input [C] (unbatched) or [N, C, d1, ...] with at most maxDims dims: the class dim, 0 or 1. */
    private static int checkClassInput(String name, Tensor input, int maxDims) {
        checkFloatingInput(name, input);
        String expected = maxDims == 2 ? "[C] or [N, C]" : "[C] or [N, C, d1, ...]";
        if (input.dim() == 0 || input.dim() > maxDims)
            throw new IllegalArgumentException(name + ": expected input " + expected + ", got " + Shape.str(input.shape()));
        int classDim = input.dim() == 1 ? 0 : 1;
        if (input.size(classDim) == 0) throw new IllegalArgumentException(name + ": input " + Shape.str(input.shape()) + " has no classes");
        return classDim;
    }

    /** A weight of any shape that broadcasts to the input's, cast to its dtype; null stays null. */
    private static Tensor elementWeight(String name, String what, Tensor weight, Tensor input) {
        if (weight == null) return null;
        boolean fits;
        try {
            fits = Arrays.equals(Shape.broadcast(name, weight.shape(), input.shape()), input.shape());
        } catch (IllegalArgumentException e) {
            fits = false;
        }
        if (!fits || !weight.dtype().isFloating())
            throw new IllegalArgumentException(name + ": " + what + " " + weight.dtype() + " " + Shape.str(weight.shape())
                    + " must be floating and broadcast to the input shape " + Shape.str(input.shape()));
        return weight.to(input.dtype());
    }

    /** A per-class weight [C], cast to dtype; null stays null. */
    private static Tensor classWeight(String name, Tensor weight, int classes, DType dtype) {
        if (weight == null) return null;
        if (weight.dim() != 1 || weight.numel() != classes || !weight.dtype().isFloating())
            throw new IllegalArgumentException(name + ": weight must be a floating 1-d tensor with one value per class (" + classes
                    + "), got " + weight.dtype() + " " + Shape.str(weight.shape()));
        return weight.to(dtype);
    }

    /** 1 in every dim but classDim, which has the class count: a class vector laid out to broadcast. */
    private static int[] classShape(int rank, int classDim, int classes) {
        int[] s = new int[rank];
        Arrays.fill(s, 1);
        s[classDim] = classes;
        return s;
    }

    /**
     * Class-index targets read and checked: index (int64, of the input's shape without the class dim, ignored
     * entries replaced by 0 so gathers stay in range), valid (1 where not ignored, in the input's dtype) and
     * weight (w[target], or 1, where valid; 0 where ignored).
     */
    private record ClassTargets(Tensor index, Tensor valid, Tensor weight) {}

    private static ClassTargets classTargets(String name, Tensor input, Tensor target, int classDim, Integer ignoreIndex, Tensor w) {
        if (target.dtype().isFloating())
            throw new IllegalArgumentException(name + ": expected class indices (an int64 tensor) as target, got " + target.dtype()
                    + " " + Shape.str(target.shape()));
        int[] in = input.shape();
        int[] expected = new int[in.length - 1];
        for (int d = 0, k = 0; d < in.length; d++) if (d != classDim) expected[k++] = in[d];
        if (!Arrays.equals(target.shape(), expected))
            throw new IllegalArgumentException(name + ": expected target of shape " + Shape.str(expected) + " for input " + Shape.str(in)
                    + ", got " + Shape.str(target.shape()));
        int classes = in[classDim];
        long[] tv = target.toLongArray();
        long[] safe = new long[tv.length];
        double[] valid = new double[tv.length];
        for (int i = 0; i < tv.length; i++) {
            if (ignoreIndex != null && tv[i] == ignoreIndex) continue;
            if (tv[i] < 0 || tv[i] >= classes)
                throw new IllegalArgumentException(name + ": target " + tv[i] + " is out of bounds for " + classes + " classes (input "
                        + Shape.str(in) + (ignoreIndex != null ? ", ignore_index " + ignoreIndex : "") + ")");
            safe[i] = tv[i];
            valid[i] = 1;
        }
        Tensor index = Tensor.of(safe, expected);
        Tensor validMask = Tensor.of(valid, expected).to(input.dtype());
        Tensor weight = w == null ? validMask : w.indexSelect(0, index.reshape(-1)).reshape(expected).mul(validMask);
        return new ClassTargets(index, validMask, weight);
    }
}
