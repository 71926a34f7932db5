package org.nabla.nn.functional;

import java.util.Arrays;
import org.nabla.nn.loss.Reduction;
import org.nabla.tensor.DType;
import org.nabla.tensor.Tensor;

/** Losses of class scores [N, C, d1, ...] against class maps [N, d1, ...] (segmentation), composed of tensor ops. */
final class DenseLosses {
    private DenseLosses() {}

    /**
     * The soft Dice loss over classes: with p the softmax over dim 1 and t the one-hot target, each class's Dice
     * coefficient (2 sum(p t) + smooth) / (sum(p) + sum(t) + smooth) over the whole batch, and the loss 1 - their
     * mean. A class absent from both prediction and target scores 1 through the smoothing.
     */
    static Tensor dice(Tensor input, Tensor target, double smooth) {
        int classes = checkDense("dice loss", input, target);
        Tensor p = input.softmax(1);
        Tensor onehot = target.oneHot(classes).to(p.dtype()).permute(moveLastTo1(input.dim()));
        int[] dims = otherThan1(input.dim());
        Tensor intersection = p.mul(onehot).sum(dims), cardinality = p.sum(dims).add(onehot.sum(dims));
        Tensor score = intersection.mul(2).add(smooth).div(cardinality.add(smooth));
        return score.mean().rsub(1);
    }

    /**
     * The softmax focal loss (Lin et al. 2017, multi-class form): -alpha_t (1 - p_t)^gamma log p_t per element,
     * p_t the softmax probability of the target class; alpha is one weight per class or null (all 1). gamma 0 and no
     * alpha is the cross-entropy. The mean divides by the number of elements.
     */
    static Tensor softmaxFocal(Tensor input, Tensor target, Tensor alpha, double gamma, Reduction reduction) {
        int classes = checkDense("focal loss", input, target);
        Tensor logpt = input.logSoftmax(1).gather(1, target.unsqueeze(1)).squeeze(1);
        Tensor loss = logpt.neg();
        if (gamma != 0) loss = loss.mul(logpt.exp().rsub(1).pow(gamma));
        if (alpha != null) {
            if (alpha.dim() != 1 || alpha.size(0) != classes)
                throw new IllegalArgumentException("focal loss: expected one alpha per class (" + classes + "), got " + Arrays.toString(alpha.shape()));
            loss = loss.mul(alpha.to(loss.dtype()).gather(0, target.flatten()).reshape(target.shape()));
        }
        return Losses.reduce("focal loss", loss, reduction);
    }

    /** The classes C of scores [N, C, d...] against an int64 target [N, d...]. */
    private static int checkDense(String what, Tensor input, Tensor target) {
        int[] in = input.shape(), t = target.shape();
        boolean ok = in.length >= 2 && t.length == in.length - 1 && target.dtype() == DType.INT64 && t[0] == in[0];
        for (int i = 2; ok && i < in.length; i++) ok = t[i - 1] == in[i];
        if (!ok)
            throw new IllegalArgumentException(what + ": expected scores [N, C, d...] and int64 classes [N, d...], got " + Arrays.toString(in)
                    + " and " + target.dtype() + " " + Arrays.toString(t));
        return in[1];
    }

    /** The permutation moving a one-hot's last dim (classes) to dim 1. */
    private static int[] moveLastTo1(int rank) {
        int[] perm = new int[rank];
        perm[0] = 0;
        perm[1] = rank - 1;
        for (int i = 2; i < rank; i++) perm[i] = i - 1;
        return perm;
    }

    private static int[] otherThan1(int rank) {
        int[] dims = new int[rank - 1];
        dims[0] = 0;
        for (int i = 2; i < rank; i++) dims[i - 1] = i;
        return dims;
    }
}
