package org.nabla.detection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nabla.tensor.Tensor;

/**
 * Box arithmetic on [N, 4] tensors of (x1, y1, x2, y2) corners, as torchvision.ops: {@link #area}, {@link #iou},
 * {@link #generalizedIou} (composed of tensor ops, so differentiable) and non-maximum suppression ({@link #nms},
 * {@link #batchedNms}; indices, no gradient).
 */
public final class Boxes {
    private Boxes() {}

    /** (x2 - x1) * (y2 - y1) of each box: [N]. */
    public static Tensor area(Tensor boxes) {
        check("area", boxes);
        return boxes.select(1, 2).sub(boxes.select(1, 0)).mul(boxes.select(1, 3).sub(boxes.select(1, 1)));
    }

    /** Intersection over union of every pair: [N, M], as torchvision.ops.box_iou. */
    public static Tensor iou(Tensor a, Tensor b) {
        Tensor[] iu = interUnion("iou", a, b);
        return iu[0].div(iu[1]);
    }

    /** Generalized IoU of every pair (IoU minus the share of the enclosing box outside the union): [N, M]. */
    public static Tensor generalizedIou(Tensor a, Tensor b) {
        Tensor[] iu = interUnion("generalizedIou", a, b);
        Tensor iou = iu[0].div(iu[1]);
        Tensor lt = a.narrow(1, 0, 2).unsqueeze(1).minimum(b.narrow(1, 0, 2).unsqueeze(0));
        Tensor rb = a.narrow(1, 2, 2).unsqueeze(1).maximum(b.narrow(1, 2, 2).unsqueeze(0));
        Tensor wh = rb.sub(lt).clampMin(0);
        Tensor hull = wh.select(2, 0).mul(wh.select(2, 1));
        return iou.sub(hull.sub(iu[1]).div(hull));
    }

    /** Intersections and unions [N, M]. */
    private static Tensor[] interUnion(String op, Tensor a, Tensor b) {
        check(op, a);
        check(op, b);
        Tensor lt = a.narrow(1, 0, 2).unsqueeze(1).maximum(b.narrow(1, 0, 2).unsqueeze(0));
        Tensor rb = a.narrow(1, 2, 2).unsqueeze(1).minimum(b.narrow(1, 2, 2).unsqueeze(0));
        Tensor wh = rb.sub(lt).clampMin(0);
        Tensor inter = wh.select(2, 0).mul(wh.select(2, 1));
        Tensor union = area(a).unsqueeze(1).add(area(b).unsqueeze(0)).sub(inter);
        return new Tensor[] {inter, union};
    }

    /**
     * Greedy non-maximum suppression, as torchvision.ops.nms: the indices (int64) of the boxes kept, by decreasing
     * score; a box is dropped when its IoU with a kept box of higher score exceeds {@code iouThreshold}.
     */
    public static Tensor nms(Tensor boxes, Tensor scores, double iouThreshold) {
        check("nms", boxes);
        checkScores("nms", boxes, scores);
        return Tensor.of(nms(boxes.toFloatArray(), scores.toFloatArray(), iouThreshold), -1);
    }

    /** NMS over plain arrays: boxes [n * 4], scores [n]; the kept indices by decreasing score. */
    public static long[] nms(float[] boxes, float[] scores, double iouThreshold) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (p, q) -> Float.compare(scores[q], scores[p]));
        boolean[] suppressed = new boolean[n];
        long[] keep = new long[n];
        int kept = 0;
        for (int a = 0; a < n; a++) {
            int i = order[a];
            if (suppressed[i]) continue;
            keep[kept++] = i;
            for (int b = a + 1; b < n; b++) {
                int j = order[b];
                if (suppressed[j]) continue;
                if (iou(boxes, i, boxes, j) > iouThreshold) suppressed[j] = true;
            }
        }
        return Arrays.copyOf(keep, kept);
    }

    /**
     * NMS within each category ({@code idxs}: int [N]), as torchvision.ops.batched_nms: boxes of different
     * categories never suppress each other; the kept indices by decreasing score.
     */
    public static Tensor batchedNms(Tensor boxes, Tensor scores, Tensor idxs, double iouThreshold) {
        check("batchedNms", boxes);
        checkScores("batchedNms", boxes, scores);
        if (idxs.dim() != 1 || idxs.size(0) != boxes.size(0))
            throw new IllegalArgumentException("batchedNms: idxs must be [" + boxes.size(0) + "], got " + Arrays.toString(idxs.shape()));
        return Tensor.of(batchedNms(boxes.toFloatArray(), scores.toFloatArray(), idxs.toLongArray(), iouThreshold), -1);
    }

    /** Batched NMS over plain arrays. */
    public static long[] batchedNms(float[] boxes, float[] scores, long[] idxs, double iouThreshold) {
        Map<Long, List<Integer>> byCategory = new TreeMap<>();
        for (int i = 0; i < idxs.length; i++) byCategory.computeIfAbsent(idxs[i], k -> new ArrayList<>()).add(i);
        List<Integer> kept = new ArrayList<>();
        for (List<Integer> members : byCategory.values()) {
            float[] b = new float[members.size() * 4], s = new float[members.size()];
            for (int k = 0; k < members.size(); k++) {
                System.arraycopy(boxes, 4 * members.get(k), b, 4 * k, 4);
                s[k] = scores[members.get(k)];
            }
            for (long k : nms(b, s, iouThreshold)) kept.add(members.get((int) k));
        }
        kept.sort((p, q) -> Float.compare(scores[q], scores[p]));
        return kept.stream().mapToLong(Integer::longValue).toArray();
    }

    /** IoU of box i of a and box j of b (rows of 4 in flat arrays), in float32 as torchvision's kernels. */
    public static float iou(float[] a, int i, float[] b, int j) {
        float w = Math.max(0f, Math.min(a[4 * i + 2], b[4 * j + 2]) - Math.max(a[4 * i], b[4 * j]));
        float h = Math.max(0f, Math.min(a[4 * i + 3], b[4 * j + 3]) - Math.max(a[4 * i + 1], b[4 * j + 1]));
        float inter = w * h;
        float areaA = (a[4 * i + 2] - a[4 * i]) * (a[4 * i + 3] - a[4 * i + 1]), areaB = (b[4 * j + 2] - b[4 * j]) * (b[4 * j + 3] - b[4 * j + 1]);
        return inter / (areaA + areaB - inter);
    }

    static void check(String op, Tensor boxes) {
        if (boxes.dim() != 2 || boxes.size(1) != 4)
            throw new IllegalArgumentException(op + ": boxes must be [N, 4] (x1, y1, x2, y2), got " + Arrays.toString(boxes.shape()));
        if (!boxes.dtype().isFloating()) throw new IllegalArgumentException(op + ": boxes must be floating, got " + boxes.dtype());
    }

    private static void checkScores(String op, Tensor boxes, Tensor scores) {
        if (scores.dim() != 1 || scores.size(0) != boxes.size(0))
            throw new IllegalArgumentException(op + ": scores must be [" + boxes.size(0) + "], got " + Arrays.toString(scores.shape()));
    }
}
