package org.nabla.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.nabla.testing.Fixtures.assertTensor;
import static org.nabla.testing.Fixtures.map;
import static org.nabla.testing.Fixtures.num;
import static org.nabla.testing.Fixtures.tensor;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nabla.nn.loss.Reduction;
import org.nabla.tensor.Tensor;
import org.nabla.testing.Fixtures;
import org.nabla.testing.Fixtures.Tolerance;

/**
 * The detection building blocks against torchvision 0.14.1 ({@code fixtures/detection.json}, written by
 * {@code make_detection_fixtures.py}): IoU, GIoU, NMS, ROI pool/align and their input gradients, BoxCoder, the
 * anchor generator, the sigmoid focal loss, and mAP against the script's COCO-style reference computation.
 */
class DetectionFixtureTest {
    private static final Map<String, Object> F = Fixtures.load("/fixtures/detection.json");
    /** Absolute 1e-5 (the bound), relative 1e-5. */
    private static final Tolerance TOL = Tolerance.float32(1e-5, 1e-5);

    private static Map<String, Object> section(String name) { return map(F.get(name)); }

    private static Tensor t(Map<String, Object> m, String key) { return tensor(map(m.get(key))); }

    @Test
    void iouAndGeneralizedIouMatchTorchvision() {
        Map<String, Object> s = section("iou");
        assertTensor("box_iou", Boxes.iou(t(s, "boxes1"), t(s, "boxes2")), map(s.get("iou")), TOL);
        assertTensor("generalized_box_iou", Boxes.generalizedIou(t(s, "boxes1"), t(s, "boxes2")), map(s.get("giou")), TOL);
    }

    @Test
    void nmsAndBatchedNmsKeepTorchvisionsBoxes() {
        List<?> cases = (List<?>) F.get("nms");
        assertThat(cases).hasSize(3);
        for (Object o : cases) {
            Map<String, Object> c = map(o);
            double thr = num(c, "threshold");
            assertTensor("nms " + thr, Boxes.nms(t(c, "boxes"), t(c, "scores"), thr), map(c.get("keep")), TOL);
            assertTensor("batched_nms " + thr, Boxes.batchedNms(t(c, "boxes"), t(c, "scores"), t(c, "idxs"), thr), map(c.get("batched_keep")), TOL);
        }
    }

    @Test
    void roiPoolAndRoiAlignMatchTorchvisionWithInputGradients() {
        Map<String, Object> s = section("roi");
        Tensor rois = t(s, "rois");
        List<?> cases = (List<?>) s.get("cases");
        assertThat(cases).hasSize(6);
        for (Object o : cases) {
            Map<String, Object> c = map(o);
            int[] size = Fixtures.ints(c.get("output_size"));
            double scale = num(c, "spatial_scale");
            Tensor x = t(s, "input").requiresGrad(true);
            Tensor y = c.get("kind").equals("align")
                    ? RoiOps.roiAlign(x, rois, size[0], size[1], scale, Fixtures.integer(c, "sampling_ratio"), (Boolean) c.get("aligned"))
                    : RoiOps.roiPool(x, rois, size[0], size[1], scale);
            String what = c.get("kind") + " " + java.util.Arrays.toString(size) + " scale " + scale + " ratio " + c.get("sampling_ratio") + " aligned " + c.get("aligned");
            assertTensor(what, y, map(c.get("out")), TOL);
            y.mul(t(c, "seed")).sum().backward();
            assertTensor(what + " grad", x.grad(), map(c.get("grad")), TOL);
        }
    }

    @Test
    void boxCoderEncodesAndDecodesAsTorchvision() {
        Map<String, Object> s = section("box_coder");
        BoxCoder coder = new BoxCoder(10, 10, 5, 5);
        assertTensor("encode", coder.encode(t(s, "gt"), t(s, "proposals")), map(s.get("encoded")), TOL);
        assertTensor("decode (the first code's width clipped)", coder.decode(t(s, "codes"), t(s, "proposals")), map(s.get("decoded")), TOL);
        Tensor roundTrip = coder.decode(coder.encode(t(s, "gt"), t(s, "proposals")), t(s, "proposals"));
        assertTensor("decode(encode(gt))", roundTrip, map(s.get("gt")), Tolerance.float32(1e-5, 1e-4));
    }

    @Test
    void anchorsMatchTorchvisionsAnchorGenerator() {
        Map<String, Object> s = section("anchors");
        AnchorGenerator gen = new AnchorGenerator(doubles(s.get("sizes")), doubles(s.get("aspect_ratios")));
        int[] image = Fixtures.ints(s.get("image"));
        int[][] grids = ((List<?>) s.get("grids")).stream().map(Fixtures::ints).toArray(int[][]::new);
        assertTensor("anchors", gen.anchors(image[0], image[1], grids), map(s.get("anchors")), TOL);
        assertThat(gen.anchorsPerCell(0)).isEqualTo(6);
    }

    @Test
    void sigmoidFocalLossAndItsGradientMatchTorchvision() {
        Map<String, Object> s = section("focal");
        List<?> cases = (List<?>) s.get("cases");
        assertThat(cases).hasSize(4);
        for (Object o : cases) {
            Map<String, Object> c = map(o);
            Tensor logits = t(s, "logits").requiresGrad(true);
            Reduction r = Reduction.valueOf(((String) c.get("reduction")).toUpperCase());
            Tensor loss = FocalLoss.sigmoidFocalLoss(logits, t(s, "targets"), num(c, "alpha"), num(c, "gamma"), r);
            assertTensor("focal " + c.get("reduction") + " gamma " + c.get("gamma"), loss, map(c.get("loss")), TOL);
            loss.sum().backward();
            assertTensor("focal grad " + c.get("reduction"), logits.grad(), map(c.get("grad")), TOL);
        }
    }

    @Test
    void meanAveragePrecisionMatchesTheCocoStyleReference() {
        Map<String, Object> s = section("map");
        MeanAveragePrecision m = new MeanAveragePrecision(Fixtures.integer(s, "classes"));
        for (Object o : (List<?>) s.get("images")) {
            Map<String, Object> im = map(o);
            m.add(flat(im.get("gt_boxes")), ints(im.get("gt_classes")), flat(im.get("det_boxes")), floats(im.get("det_scores")), ints(im.get("det_classes")));
        }
        assertThat(m.map50()).isCloseTo(num(s, "map50"), within(1e-9));
        assertThat(m.map(0.75)).isCloseTo(num(s, "map75"), within(1e-9));
        assertThat(m.map()).isCloseTo(num(s, "map"), within(1e-9));
    }

    private static double[][] doubles(Object rows) {
        return ((List<?>) rows).stream().map(r -> ((List<?>) r).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray()).toArray(double[][]::new);
    }

    private static float[] flat(Object rows) {
        List<?> list = (List<?>) rows;
        float[] out = new float[list.size() * 4];
        for (int i = 0; i < list.size(); i++) {
            List<?> r = (List<?>) list.get(i);
            for (int j = 0; j < 4; j++) out[4 * i + j] = ((Number) r.get(j)).floatValue();
        }
        return out;
    }

    private static float[] floats(Object values) {
        List<?> list = (List<?>) values;
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = ((Number) list.get(i)).floatValue();
        return out;
    }

    private static int[] ints(Object values) { return ((List<?>) values).stream().mapToInt(v -> ((Number) v).intValue()).toArray(); }
}
