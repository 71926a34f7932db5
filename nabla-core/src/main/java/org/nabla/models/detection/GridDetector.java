package org.nabla.models.detection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nabla.data.detection.BoxDataset;
import org.nabla.models.vision.BasicConv2d;
import org.nabla.nn.Conv2d;
import org.nabla.nn.Submodule;
import org.nabla.nn.functional.F;
import org.nabla.nn.loss.Reduction;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * A YOLO-style grid detector (YOLOv1's loss, one box per cell): the {@link DetectorBackbone}'s stride-8 grid, one
 * more conv block and a 1x1 head giving each cell an objectness logit, a box (centre offsets in the cell through a
 * sigmoid; width and height as sigmoid² of the image's, so that the loss compares square roots as YOLOv1) and class
 * logits. The cell holding a box's centre is responsible for it: binary cross-entropy on objectness (background
 * cells weighted {@link #NO_OBJECT_WEIGHT}), squared error on the box ({@link #COORD_WEIGHT}) and cross-entropy on
 * the class of the responsible cells, over the number of boxes. A detection's score is objectness times the
 * probability of its best class.
 *
 * <p>The output of {@code call(images)} is [B, cells, 5 + classes]: objectness, tx, ty, tw, th, class logits.
 */
public final class GridDetector extends Detector {
    /** YOLOv1's weights of the box error and of the background cells' objectness. */
    public static final double COORD_WEIGHT = 5, NO_OBJECT_WEIGHT = 0.5;
    private final Submodule<DetectorBackbone> backbone;
    private final Submodule<BasicConv2d> neck;
    private final Submodule<Conv2d> head;
    private final int classes, gridH, gridW;
    private final int[] imageShape;

    public GridDetector(int[] imageShape, int classes, int width, Generator gen) {
        if (imageShape.length != 3 || imageShape[1] % 8 != 0 || imageShape[2] % 8 != 0)
            throw new IllegalArgumentException("yolo: images must be C x H x W with H and W multiples of 8, got " + Arrays.toString(imageShape));
        this.classes = classes;
        this.imageShape = imageShape.clone();
        gridH = imageShape[1] / DetectorBackbone.STRIDE;
        gridW = imageShape[2] / DetectorBackbone.STRIDE;
        backbone = registerModule("backbone", DetectorBackbone.class, new DetectorBackbone(imageShape[0], width, gen));
        neck = registerModule("neck", BasicConv2d.class, new BasicConv2d(width, width, 3, 1, gen));
        head = registerModule("head", Conv2d.class, Conv2d.builder(width, 5 + classes, 1).generator(gen).build());
    }

    @Override
    public int classes() { return classes; }

    @Override
    public int[] imageShape() { return imageShape.clone(); }

    @Override
    public Tensor forward(Tensor x) {
        checkImages("yolo", x, imageShape);
        Tensor y = head.get().call(neck.get().call(backbone.get().call(x)));
        return y.permute(0, 2, 3, 1).reshape(y.size(0), gridH * gridW, 5 + classes);
    }

    @Override
    public Tensor loss(Tensor output, Tensor targets) {
        checkTargets("yolo", output, targets);
        int b = output.size(0), cells = gridH * gridW, s = DetectorBackbone.STRIDE;
        float[] object = new float[b * cells], objWeight = new float[b * cells], boxTarget = new float[b * cells * 4];
        long[] cls = new long[b * cells];
        Arrays.fill(objWeight, (float) NO_OBJECT_WEIGHT);
        Arrays.fill(cls, -100); // cross-entropy's ignore index: cells without a box
        int boxes = 0;
        for (int i = 0; i < b; i++) {
            BoxDataset.Truth t = BoxDataset.boxes(targets, i);
            for (int k = 0; k < t.count(); k++) {
                float[] g = Arrays.copyOfRange(t.boxes(), 4 * k, 4 * k + 4);
                float cx = (g[0] + g[2]) / 2, cy = (g[1] + g[3]) / 2;
                int col = Math.min(gridW - 1, (int) (cx / s)), row = Math.min(gridH - 1, (int) (cy / s)), o = i * cells + row * gridW + col;
                object[o] = 1;
                objWeight[o] = 1;
                boxTarget[4 * o] = cx / s - col;
                boxTarget[4 * o + 1] = cy / s - row;
                boxTarget[4 * o + 2] = (float) Math.sqrt((g[2] - g[0]) / imageShape[2]);
                boxTarget[4 * o + 3] = (float) Math.sqrt((g[3] - g[1]) / imageShape[1]);
                cls[o] = t.classes()[k];
                boxes++;
            }
        }
        Tensor obj = Tensor.of(object, b, cells);
        Tensor objLoss = F.binaryCrossEntropyWithLogits(output.select(2, 0), obj, Tensor.of(objWeight, b, cells), null, Reduction.SUM);
        Tensor mask = obj.unsqueeze(2);
        Tensor boxLoss = output.narrow(2, 1, 4).sigmoid().mul(mask).sub(Tensor.of(boxTarget, b, cells, 4)).square().sum().mul(COORD_WEIGHT);
        Tensor clsLoss = F.crossEntropy(output.narrow(2, 5, classes).reshape(b * cells, classes), Tensor.of(cls, b * cells), null, -100, 0, Reduction.SUM);
        return objLoss.add(boxLoss).add(clsLoss).div(Math.max(1, boxes));
    }

    @Override
    public List<Detections> detect(Tensor output, double scoreThreshold) {
        int b = output.size(0), cells = gridH * gridW, s = DetectorBackbone.STRIDE;
        float[] obj = output.select(2, 0).sigmoid().toFloatArray(), box = output.narrow(2, 1, 4).sigmoid().toFloatArray();
        float[] prob = output.narrow(2, 5, classes).softmax(2).toFloatArray();
        List<Detections> out = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            List<Integer> cand = new ArrayList<>();
            float[] score = new float[cells];
            int[] best = new int[cells];
            for (int c = 0; c < cells; c++) {
                int o = i * cells + c;
                for (int k = 1; k < classes; k++) if (prob[o * classes + k] > prob[o * classes + best[c]]) best[c] = k;
                score[c] = obj[o] * prob[o * classes + best[c]];
                if (score[c] > scoreThreshold) cand.add(c);
            }
            float[] cb = new float[4 * cand.size()], cs = new float[cand.size()];
            int[] cc = new int[cand.size()];
            for (int k = 0; k < cand.size(); k++) {
                int c = cand.get(k), o = i * cells + c, row = c / gridW, col = c % gridW;
                float cx = (col + box[4 * o]) * s, cy = (row + box[4 * o + 1]) * s;
                float w = box[4 * o + 2] * box[4 * o + 2] * imageShape[2], h = box[4 * o + 3] * box[4 * o + 3] * imageShape[1];
                cb[4 * k] = cx - w / 2;
                cb[4 * k + 1] = cy - h / 2;
                cb[4 * k + 2] = cx + w / 2;
                cb[4 * k + 3] = cy + h / 2;
                cs[k] = score[c];
                cc[k] = best[c];
            }
            out.add(suppress(cb, cs, cc, imageShape[1], imageShape[2], 100));
        }
        return out;
    }

    @Override
    protected String extraRepr() { return "classes=" + classes + ", grid=" + gridH + "x" + gridW; }
}
