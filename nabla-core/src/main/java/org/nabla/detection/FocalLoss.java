package org.nabla.detection;

import org.nabla.nn.functional.F;
import org.nabla.nn.loss.Reduction;
import org.nabla.tensor.Tensor;

/**
 * The sigmoid focal loss of RetinaNet (Lin et al. 2017), as torchvision.ops.sigmoid_focal_loss: binary cross-entropy
 * per logit scaled by (1 - p_t)^gamma, so easy examples (most background anchors) weigh little, and by alpha_t.
 */
public final class FocalLoss {
    private FocalLoss() {}

    /**
     * @param logits  any shape
     * @param targets 0/1 of the same shape (floating)
     * @param alpha   weight of the positives in (0, 1), the negatives getting 1 - alpha; negative: no weighting
     * @param gamma   focusing exponent; 0 gives (alpha-weighted) binary cross-entropy
     */
    public static Tensor sigmoidFocalLoss(Tensor logits, Tensor targets, double alpha, double gamma, Reduction reduction) {
        if (!java.util.Arrays.equals(logits.shape(), targets.shape()))
            throw new IllegalArgumentException("sigmoidFocalLoss: logits " + java.util.Arrays.toString(logits.shape()) + " and targets " + java.util.Arrays.toString(targets.shape()) + " differ");
        Tensor p = logits.sigmoid();
        Tensor ce = F.binaryCrossEntropyWithLogits(logits, targets, null, null, Reduction.NONE);
        Tensor pt = p.mul(targets).add(p.rsub(1).mul(targets.rsub(1)));
        Tensor loss = gamma == 0 ? ce : ce.mul(pt.rsub(1).pow(gamma));
        if (alpha >= 0) loss = loss.mul(targets.mul(alpha).add(targets.rsub(1).mul(1 - alpha)));
        return switch (reduction) {
            case NONE -> loss;
            case MEAN -> loss.mean();
            case SUM -> loss.sum();
            default -> throw new IllegalArgumentException("sigmoidFocalLoss: reduction " + reduction + " is not supported (none, mean or sum)");
        };
    }
}
