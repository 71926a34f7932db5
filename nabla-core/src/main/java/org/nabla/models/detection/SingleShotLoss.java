package org.nabla.models.detection;

import java.util.Arrays;
import org.nabla.autograd.GradMode;
import org.nabla.autograd.Node;
import org.nabla.tensor.DType;
import org.nabla.tensor.Tensor;

/**
 * The {@link SingleShotDetector}'s training loss as one op over its raw output [B, P, 4 + C]: the sigmoid focal loss
 * of every class logit of the anchors that are not ignored (torchvision's {@code sigmoid_focal_loss}), or with hard
 * negatives the binary cross-entropy of the matched anchors and of the hardest background anchors, plus the smooth L1
 * loss (beta 1) of the matched anchors' box codes, all over the number of matched anchors. One pass over the logits
 * computes the loss and its gradient (kept for the backward when the output requires grad), in place of the
 * fifteen-odd element-wise tensor ops, narrows and their backward nodes the composed form takes.
 */
final class SingleShotLoss {
    /** An anchor's label: ignored (IoU between the thresholds). */
    static final int IGNORED = -2;
    /** An anchor's label: background. */
    static final int BACKGROUND = -1;

    private SingleShotLoss() {}

    /**
     * @param output        the detector's output [B, P, 4 + classes]: box codes, then class logits
     * @param label         per anchor (B * P, image-major) {@link #IGNORED}, {@link #BACKGROUND} or its box's class
     * @param codeTarget    per anchor the 4 codes of its box ({@code BoxCoder}), read for the matched ones only
     * @param alpha         focal loss alpha (negative: no weighting)
     * @param gamma         focal loss gamma
     * @param hardNegatives 0: focal loss over every anchor not ignored; k > 0: binary cross-entropy over the matched
     *                      anchors and the k hardest background anchors per matched one (at least k) per image
     * @return the scalar loss, in the output's dtype
     */
    static Tensor apply(Tensor output, int[] label, float[] codeTarget, double alpha, double gamma, double hardNegatives) {
        int b = output.size(0), p = output.size(1), k = output.size(2), classes = k - 4, n = b * p;
        if (output.dim() != 3 || classes < 1 || label.length != n || codeTarget.length != 4 * n)
            throw new IllegalArgumentException("SingleShotLoss: output " + Arrays.toString(output.shape()) + " does not fit " + label.length
                    + " labels and " + codeTarget.length / 4 + " box codes");
        double[] out = output.toDoubleArray();
        boolean wantGrad = GradMode.isEnabled() && output.requiresGrad();
        double[] grad = wantGrad ? new double[out.length] : null;
        boolean mining = hardNegatives > 0;
        double a = mining ? -1 : alpha, gm = mining ? 0 : gamma;
        double[] anchorLoss = mining ? new double[n] : null;
        int positives = 0;
        double cls = 0, box = 0;
        for (int o = 0; o < n; o++) {
            int l = label[o];
            if (l == IGNORED) continue;
            int base = o * k + 4;
            double s = 0;
            for (int c = 0; c < classes; c++) {
                double x = out[base + c];
                boolean t = c == l;
                double e = Math.exp(-Math.abs(x)), pr = x >= 0 ? 1 / (1 + e) : e / (1 + e), pc = x >= 0 ? e / (1 + e) : 1 / (1 + e);
                double ce = Math.max(x, 0) - (t ? x : 0) + Math.log1p(e); // binary cross-entropy with logits
                double q = t ? pc : pr; // 1 - p_t
                double mod = gm == 0 ? 1 : gm == 2 ? q * q : Math.pow(q, gm);
                double w = a < 0 ? 1 : t ? a : 1 - a;
                s += w * mod * ce;
                if (grad != null) {
                    // d/dx of w q^gamma ce: w (gamma q^(gamma - 1) dq/dx ce + q^gamma (p - t)), dq/dx = -+ p (1 - p)
                    double d = mod * (t ? -pc : pr);
                    if (gm != 0 && q > 0) d += gm * mod / q * (t ? -1 : 1) * pr * pc * ce;
                    grad[base + c] = w * d;
                }
            }
            if (mining) anchorLoss[o] = s;
            else cls += s;
            if (l >= 0) {
                positives++;
                for (int j = 0; j < 4; j++) {
                    double d = out[base - 4 + j] - codeTarget[4 * o + j], ad = Math.abs(d);
                    box += ad < 1 ? 0.5 * d * d : ad - 0.5;
                    if (grad != null) grad[base - 4 + j] = ad < 1 ? d : Math.signum(d);
                }
            }
        }
        if (mining) cls = mine(anchorLoss, label, grad, b, p, k, hardNegatives);
        double norm = Math.max(1, positives);
        Tensor loss = Tensor.scalar((cls + box) / norm, output.dtype());
        if (grad == null) return loss;
        int[] shape = output.shape();
        DType dtype = output.dtype();
        return Node.record(loss, "SingleShotLoss", output, g -> {
            double scale = g.item() / norm;
            if (dtype == DType.FLOAT64) {
                double[] d = new double[grad.length];
                for (int i = 0; i < d.length; i++) d[i] = grad[i] * scale;
                return Tensor.of(d, shape);
            }
            float[] f = new float[grad.length];
            for (int i = 0; i < f.length; i++) f[i] = (float) (grad[i] * scale);
            return Tensor.of(f, shape).to(dtype);
        });
    }

    /**
     * Hard-negative mining: per image the matched anchors and the {@code ratio} x as many (at least {@code ratio})
     * background anchors of the highest loss are kept; the others' class gradients are zeroed. The kept loss.
     */
    private static double mine(double[] anchorLoss, int[] label, double[] grad, int b, int p, int k, double ratio) {
        double kept = 0;
        long[] keys = new long[p];
        for (int i = 0; i < b; i++) {
            int negatives = 0, pos = 0, o = i * p;
            for (int a = 0; a < p; a++) {
                int l = label[o + a];
                if (l >= 0) {
                    pos++;
                    kept += anchorLoss[o + a];
                } else if (l == BACKGROUND) // loss bits (non-negative: ordered as the floats), then the anchor, lower first among ties
                    keys[negatives++] = (long) Float.floatToIntBits((float) anchorLoss[o + a]) << 32 | (p - 1 - a);
            }
            Arrays.sort(keys, 0, negatives);
            int keep = (int) Math.min(negatives, Math.ceil(ratio * Math.max(pos, 1)));
            for (int r = 0; r < negatives; r++) {
                int a = p - 1 - (int) (keys[negatives - 1 - r] & 0xFFFFFFFFL);
                if (r < keep) kept += anchorLoss[o + a];
                else if (grad != null) Arrays.fill(grad, (o + a) * k + 4, (o + a + 1) * k, 0);
            }
        }
        return kept;
    }
}
