package org.nabla.models.detection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nabla.autograd.GradMode;
import org.nabla.data.detection.BoxDataset;
import org.nabla.detection.AnchorGenerator;
import org.nabla.detection.BoxCoder;
import org.nabla.detection.Boxes;
import org.nabla.detection.FocalLoss;
import org.nabla.models.vision.BasicConv2d;
import org.nabla.nn.Conv2d;
import org.nabla.nn.Submodule;
import org.nabla.nn.functional.F;
import org.nabla.nn.loss.Reduction;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * A single-shot detector (SSD, with RetinaNet's loss): the {@link DetectorBackbone}'s stride-8 map and a stride-16 map
 * after one more strided block each carry a 3x3 class head (a sigmoid logit per class and anchor, no background
 * class) and a 3x3 box head (BoxCoder (10, 10, 5, 5) codes per anchor). Anchors are centred on the cells, at two
 * sizes and two aspect ratios per map. Training matches anchors to ground truth by IoU (>= 0.5 object, < 0.4
 * background, between ignored; every box also gets its best anchors) and sums the sigmoid focal loss over the
 * anchors and the smooth L1 loss of the matched anchors' codes, both over the number of matched anchors; with
 * {@link Options#hardNegatives} > 0 the class loss is plain binary cross-entropy over the matched anchors and the
 * hardest background anchors, that many per matched one (SSD's hard-negative mining).
 *
 * <p>The output of {@code call(images)} is [B, anchors, 4 + classes]: codes, then class logits.
 */
public final class SingleShotDetector extends Detector {
    /**
     * @param width         channels of the feature maps
     * @param sizes         anchor sizes per feature map (pixels)
     * @param ratios        anchor aspect ratios (height / width) per feature map
     * @param alpha         focal loss alpha
     * @param gamma         focal loss gamma
     * @param hardNegatives 0: focal loss over every anchor; k > 0: cross-entropy over the matched anchors and the k
     *                      hardest background anchors per matched one
     */
    public record Options(int width, double[][] sizes, double[][] ratios, double alpha, double gamma, double hardNegatives) {
        /** For 64x64 digit canvases: sizes 16, 24 (stride 8) and 32, 44 (stride 16), ratios 1 and 2 (digits stand tall). */
        public static Options defaults() {
            return new Options(128, new double[][] {{16, 24}, {32, 44}}, new double[][] {{1, 2}, {1, 2}}, 0.25, 2, 0);
        }

        public Options withHardNegatives(double k) { return new Options(width, sizes, ratios, alpha, gamma, k); }
    }

    /** IoU from which an anchor is matched to a box, and below which it is background. */
    public static final double FOREGROUND_IOU = 0.5, BACKGROUND_IOU = 0.4;
    private static final BoxCoder CODER = new BoxCoder(10, 10, 5, 5);
    private final Submodule<DetectorBackbone> backbone;
    private final Submodule<BasicConv2d> extra;
    private final Submodule<Conv2d> cls0, box0, cls1, box1;
    private final int classes;
    private final int[] imageShape;
    private final Options options;
    private final Tensor anchors;
    private final float[] anchorArray;

    public SingleShotDetector(int[] imageShape, int classes, Options options, Generator gen) {
        if (imageShape.length != 3 || imageShape[1] % 16 != 0 || imageShape[2] % 16 != 0)
            throw new IllegalArgumentException("ssd: images must be C x H x W with H and W multiples of 16, got " + Arrays.toString(imageShape));
        this.classes = classes;
        this.imageShape = imageShape.clone();
        this.options = options;
        AnchorGenerator generator = new AnchorGenerator(options.sizes(), options.ratios(), 0.5);
        int w = options.width(), a0 = generator.anchorsPerCell(0), a1 = generator.anchorsPerCell(1);
        backbone = registerModule("backbone", DetectorBackbone.class, new DetectorBackbone(imageShape[0], w, gen));
        extra = registerModule("extra", BasicConv2d.class, new BasicConv2d(w, w, 3, 2, 1, gen));
        cls0 = registerModule("cls0", Conv2d.class, head(w, a0 * classes, gen));
        box0 = registerModule("box0", Conv2d.class, head(w, a0 * 4, gen));
        cls1 = registerModule("cls1", Conv2d.class, head(w, a1 * classes, gen));
        box1 = registerModule("box1", Conv2d.class, head(w, a1 * 4, gen));
        // RetinaNet's prior: every class starts at probability 0.01, so the background's loss does not swamp the first steps
        for (Submodule<Conv2d> c : List.of(cls0, cls1))
            try (var g = GradMode.noGrad()) {
                c.get().namedParameters().get("bias").fill(-Math.log((1 - 0.01) / 0.01));
            }
        int h8 = imageShape[1] / 8, w8 = imageShape[2] / 8;
        anchors = generator.anchors(imageShape[1], imageShape[2], new int[][] {{h8, w8}, {h8 / 2, w8 / 2}});
        anchorArray = anchors.toFloatArray();
    }

    private static Conv2d head(int in, int out, Generator gen) { return Conv2d.builder(in, out, 3).padding(1).generator(gen).build(); }

    @Override
    public int classes() { return classes; }

    @Override
    public int[] imageShape() { return imageShape.clone(); }

    public Options options() { return options; }

    /** The anchors [P, 4] in pixels, in the order of the output's rows. */
    public Tensor anchors() { return anchors; }

    @Override
    public Tensor forward(Tensor x) {
        checkImages("ssd", x, imageShape);
        Tensor f0 = backbone.get().call(x), f1 = extra.get().call(f0);
        Tensor box = Tensor.cat(List.of(rows(box0.get().call(f0), 4), rows(box1.get().call(f1), 4)), 1);
        Tensor cls = Tensor.cat(List.of(rows(cls0.get().call(f0), classes), rows(cls1.get().call(f1), classes)), 1);
        return Tensor.cat(List.of(box, cls), 2);
    }

    /** A head's [B, A * k, H, W] as [B, H * W * A, k]: cell-major, as the anchors. */
    private static Tensor rows(Tensor t, int k) { return t.permute(0, 2, 3, 1).reshape(t.size(0), -1, k); }

    @Override
    public Tensor loss(Tensor output, Tensor targets) {
        checkTargets("ssd", output, targets);
        int b = output.size(0), p = output.size(1);
        float[] clsTarget = new float[b * p * classes], valid = new float[b * p], positive = new float[b * p], matchedBoxes = new float[b * p * 4];
        int positives = 0;
        int[][] matches = new int[b][];
        for (int i = 0; i < b; i++) {
            BoxDataset.Truth t = BoxDataset.boxes(targets, i);
            matches[i] = match(t.boxes(), t.count());
            for (int a = 0; a < p; a++) {
                int m = matches[i][a], o = i * p + a;
                System.arraycopy(m >= 0 ? t.boxes() : anchorArray, m >= 0 ? 4 * m : 4 * a, matchedBoxes, 4 * o, 4);
                if (m == -2) continue; // ignored
                valid[o] = 1;
                if (m >= 0) {
                    positive[o] = 1;
                    clsTarget[o * classes + t.classes()[m]] = 1;
                    positives++;
                }
            }
        }
        double norm = Math.max(1, positives);
        Tensor codes = output.narrow(2, 0, 4), logits = output.narrow(2, 4, classes);
        Tensor target = Tensor.of(clsTarget, b, p, classes);
        Tensor clsLoss;
        if (options.hardNegatives() > 0) {
            Tensor perElement = FocalLoss.sigmoidFocalLoss(logits, target, -1, 0, Reduction.NONE);
            float[] chosen = hardNegatives(perElement.detach().sum(2).toFloatArray(), matches, valid, b, p);
            clsLoss = perElement.mul(Tensor.of(chosen, b, p, 1)).sum();
        } else {
            clsLoss = FocalLoss.sigmoidFocalLoss(logits, target, options.alpha(), options.gamma(), Reduction.NONE).mul(Tensor.of(valid, b, p, 1)).sum();
        }
        Tensor pos = Tensor.of(positive, b, p, 1);
        Tensor boxTarget = CODER.encode(Tensor.of(matchedBoxes, b * p, 4), anchors.repeat(b, 1)).reshape(b, p, 4);
        Tensor boxLoss = F.smoothL1Loss(codes.mul(pos), boxTarget.mul(pos), 1.0, Reduction.SUM);
        return clsLoss.add(boxLoss).div(norm);
    }

    /** Per anchor the index of its box, -1 background or -2 ignored. */
    int[] match(float[] gt, int n) {
        int p = anchorArray.length / 4;
        int[] best = new int[p];
        float[] bestIou = new float[p];
        Arrays.fill(best, -1);
        float[] gtBest = new float[n];
        float[][] iou = new float[n][p];
        for (int g = 0; g < n; g++)
            for (int a = 0; a < p; a++) {
                float v = Boxes.iou(gt, g, anchorArray, a);
                iou[g][a] = v;
                if (v > bestIou[a]) {
                    bestIou[a] = v;
                    best[a] = g;
                }
                gtBest[g] = Math.max(gtBest[g], v);
            }
        int[] m = new int[p];
        for (int a = 0; a < p; a++) m[a] = bestIou[a] >= FOREGROUND_IOU ? best[a] : bestIou[a] < BACKGROUND_IOU ? -1 : -2;
        for (int g = 0; g < n; g++)
            for (int a = 0; a < p; a++) if (gtBest[g] > 0 && iou[g][a] == gtBest[g]) m[a] = best[a]; // low-quality matches, as torchvision's Matcher
        return m;
    }

    /** The matched anchors and, per image, the hardest background anchors (k per matched one, at least k). */
    private float[] hardNegatives(float[] loss, int[][] matches, float[] valid, int b, int p) {
        float[] chosen = new float[b * p];
        for (int i = 0; i < b; i++) {
            List<Integer> negatives = new ArrayList<>();
            int pos = 0;
            for (int a = 0; a < p; a++) {
                if (matches[i][a] >= 0) {
                    chosen[i * p + a] = 1;
                    pos++;
                } else if (valid[i * p + a] > 0) negatives.add(a);
            }
            int o = i * p;
            negatives.sort((x, y) -> Float.compare(loss[o + y], loss[o + x]));
            int keep = (int) Math.min(negatives.size(), Math.ceil(options.hardNegatives() * Math.max(pos, 1)));
            for (int k = 0; k < keep; k++) chosen[o + negatives.get(k)] = 1;
        }
        return chosen;
    }

    @Override
    public List<Detections> detect(Tensor output, double scoreThreshold) {
        int b = output.size(0), p = output.size(1);
        float[] boxes = CODER.decode(output.narrow(2, 0, 4).reshape(b * p, 4), anchors.repeat(b, 1)).toFloatArray();
        float[] scores = output.narrow(2, 4, classes).sigmoid().toFloatArray();
        List<Detections> out = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            List<int[]> cand = new ArrayList<>(); // (anchor, class)
            for (int a = 0; a < p; a++)
                for (int c = 0; c < classes; c++) if (scores[(i * p + a) * classes + c] > scoreThreshold) cand.add(new int[] {a, c});
            int o = i * p;
            cand.sort((x, y) -> Float.compare(scores[(o + y[0]) * classes + y[1]], scores[(o + x[0]) * classes + x[1]]));
            int n = Math.min(cand.size(), 300);
            float[] cb = new float[4 * n], cs = new float[n];
            int[] cc = new int[n];
            for (int k = 0; k < n; k++) {
                int a = cand.get(k)[0];
                System.arraycopy(boxes, 4 * (o + a), cb, 4 * k, 4);
                cs[k] = scores[(o + a) * classes + cand.get(k)[1]];
                cc[k] = cand.get(k)[1];
            }
            out.add(suppress(cb, cs, cc, imageShape[1], imageShape[2], 100));
        }
        return out;
    }

    @Override
    protected String extraRepr() { return "classes=" + classes + ", anchors=" + anchorArray.length / 4 + (options.hardNegatives() > 0 ? ", hard_negatives=" + options.hardNegatives() : ""); }
}
