package org.nabla.models.detection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nabla.autograd.GradMode;
import org.nabla.detection.AnchorGenerator;
import org.nabla.detection.BoxCoder;
import org.nabla.detection.Boxes;
import org.nabla.models.vision.BasicConv2d;
import org.nabla.nn.Conv2d;
import org.nabla.nn.Submodule;
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
 * hardest background anchors, that many per matched one (SSD's hard-negative mining). The loss is one op with its
 * gradient written out ({@link SingleShotLoss}); matching and box encoding run on plain arrays.
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
        if (p != anchorArray.length / 4 || output.dim() != 3 || output.size(2) != 4 + classes)
            throw new IllegalArgumentException("ssd: output must be [" + b + ", " + anchorArray.length / 4 + ", " + (4 + classes) + "], got "
                    + Arrays.toString(output.shape()));
        int[] label = new int[b * p];
        float[] codes = new float[b * p * 4];
        float[] rows = targets.toFloatArray();
        int m = targets.size(1);
        float[] gt = new float[4 * m];
        int[] gtClass = new int[m];
        double[] w = CODER.weights();
        for (int i = 0; i < b; i++) {
            int n = 0;
            for (int k = 0; k < m; k++) {
                int r = (i * m + k) * 5;
                if (rows[r + 4] < 0) continue; // padding
                System.arraycopy(rows, r, gt, 4 * n, 4);
                gtClass[n++] = (int) rows[r + 4];
            }
            int[] match = match(gt, n);
            for (int a = 0; a < p; a++) {
                int g = match[a], o = i * p + a;
                label[o] = g >= 0 ? gtClass[g] : g == -1 ? SingleShotLoss.BACKGROUND : SingleShotLoss.IGNORED;
                if (g >= 0) encode(gt, g, a, w, codes, 4 * o);
            }
        }
        return SingleShotLoss.apply(output, label, codes, options.alpha(), options.gamma(), options.hardNegatives());
    }

    /** BoxCoder.encode of box g of gt against anchor a, into codes[o ..] (float arithmetic, as torchvision's encode_single). */
    private void encode(float[] gt, int g, int a, double[] w, float[] codes, int o) {
        float aw = anchorArray[4 * a + 2] - anchorArray[4 * a], ah = anchorArray[4 * a + 3] - anchorArray[4 * a + 1];
        float acx = anchorArray[4 * a] + 0.5f * aw, acy = anchorArray[4 * a + 1] + 0.5f * ah;
        float gw = gt[4 * g + 2] - gt[4 * g], gh = gt[4 * g + 3] - gt[4 * g + 1];
        float gcx = gt[4 * g] + 0.5f * gw, gcy = gt[4 * g + 1] + 0.5f * gh;
        codes[o] = (float) w[0] * (gcx - acx) / aw;
        codes[o + 1] = (float) w[1] * (gcy - acy) / ah;
        codes[o + 2] = (float) (w[2] * Math.log(gw / aw));
        codes[o + 3] = (float) (w[3] * Math.log(gh / ah));
    }

    /** Per anchor the index of its box, -1 background or -2 ignored (the first n boxes of gt). */
    int[] match(float[] gt, int n) {
        int p = anchorArray.length / 4;
        int[] best = new int[p];
        float[] bestIou = new float[p];
        Arrays.fill(best, -1);
        float[] gtBest = new float[n];
        float[] iou = new float[n * p];
        for (int g = 0; g < n; g++) {
            float best1 = 0;
            for (int a = 0; a < p; a++) {
                float v = Boxes.iou(gt, g, anchorArray, a);
                iou[g * p + a] = v;
                if (v > bestIou[a]) {
                    bestIou[a] = v;
                    best[a] = g;
                }
                best1 = Math.max(best1, v);
            }
            gtBest[g] = best1;
        }
        int[] m = new int[p];
        for (int a = 0; a < p; a++) m[a] = bestIou[a] >= FOREGROUND_IOU ? best[a] : bestIou[a] < BACKGROUND_IOU ? -1 : -2;
        for (int g = 0; g < n; g++)
            if (gtBest[g] > 0)
                for (int a = 0; a < p; a++) if (iou[g * p + a] == gtBest[g]) m[a] = best[a]; // low-quality matches, as torchvision's Matcher
        return m;
    }

    @Override
    public List<Detections> detect(Tensor output, double scoreThreshold) {
        int b = output.size(0), p = output.size(1);
        float[] boxes = CODER.decode(output.narrow(2, 0, 4).reshape(b * p, 4), anchors.repeat(b, 1)).toFloatArray();
        float[] scores = output.narrow(2, 4, classes).sigmoid().toFloatArray();
        List<Detections> out = new ArrayList<>();
        long[] keys = new long[p * classes];
        for (int i = 0; i < b; i++) {
            int o = i * p * classes, count = 0;
            for (int j = 0; j < p * classes; j++) // score bits (positive: ordered as the floats), then (anchor, class), lower first among ties
                if (scores[o + j] > scoreThreshold) keys[count++] = (long) Float.floatToIntBits(scores[o + j]) << 32 | (p * classes - 1 - j);
            java.util.Arrays.sort(keys, 0, count);
            int n = Math.min(count, 300);
            float[] cb = new float[4 * n], cs = new float[n];
            int[] cc = new int[n];
            for (int k = 0; k < n; k++) {
                int j = p * classes - 1 - (int) (keys[count - 1 - k] & 0xFFFFFFFFL), a = j / classes;
                System.arraycopy(boxes, 4 * (i * p + a), cb, 4 * k, 4);
                cs[k] = scores[o + j];
                cc[k] = j % classes;
            }
            out.add(suppress(cb, cs, cc, imageShape[1], imageShape[2], 100));
        }
        return out;
    }

    @Override
    protected String extraRepr() { return "classes=" + classes + ", anchors=" + anchorArray.length / 4 + (options.hardNegatives() > 0 ? ", hard_negatives=" + options.hardNegatives() : ""); }
}
