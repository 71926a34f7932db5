package org.nabla.explain;

import java.util.ArrayList;
import java.util.List;
import org.nabla.autograd.GradMode;
import org.nabla.nn.Module;
import org.nabla.tensor.Tensor;

/**
 * Occlusion sensitivity (Zeiler and Fergus 2014): a square patch of {@code value} slides over the image with a
 * stride; each position scores the fall of the target class's probability, and a pixel's sensitivity [H, W] is the
 * mean score of the positions that covered it (positive: hiding it hurts the class).
 */
public final class Occlusion {
    private static final int CHUNK = 64;

    private Occlusion() {}

    public static Tensor of(Module model, Tensor x, int target, int patch, int stride, double value) {
        Saliency.checkOne(x);
        if (x.dim() != 4) throw new IllegalArgumentException("occlusion: the input must be an image [1, C, H, W], got " + java.util.Arrays.toString(x.shape()));
        int h = x.size(2), w = x.size(3);
        if (patch < 1 || stride < 1 || patch > Math.min(h, w))
            throw new IllegalArgumentException("occlusion: patch " + patch + " and stride " + stride + " must be at least 1, the patch at most the image's side");
        List<int[]> positions = new ArrayList<>();
        for (int y = 0; y + patch <= h; y += stride)
            for (int xx = 0; xx + patch <= w; xx += stride) positions.add(new int[] {y, xx});
        float[] image = x.contiguous().toFloatArray();
        int c = x.size(1), plane = h * w;
        double[] sum = new double[plane], count = new double[plane];
        try (var g = GradMode.noGrad()) {
            Tensor clean = model.call(x).softmax(1);
            Saliency.checkTarget(clean, target);
            double base = clean.get(0, target);
            for (int from = 0; from < positions.size(); from += CHUNK) {
                int n = Math.min(CHUNK, positions.size() - from);
                float[] batch = new float[n * image.length];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(image, 0, batch, i * image.length, image.length);
                    int[] p = positions.get(from + i);
                    for (int ch = 0; ch < c; ch++)
                        for (int y = p[0]; y < p[0] + patch; y++)
                            java.util.Arrays.fill(batch, i * image.length + ch * plane + y * w + p[1], i * image.length + ch * plane + y * w + p[1] + patch, (float) value);
                }
                float[] probs = model.call(Tensor.of(batch, n, c, h, w)).softmax(1).select(1, target).contiguous().toFloatArray();
                for (int i = 0; i < n; i++) {
                    int[] p = positions.get(from + i);
                    double drop = base - probs[i];
                    for (int y = p[0]; y < p[0] + patch; y++)
                        for (int xx = p[1]; xx < p[1] + patch; xx++) {
                            sum[y * w + xx] += drop;
                            count[y * w + xx]++;
                        }
                }
            }
        }
        float[] map = new float[plane];
        for (int i = 0; i < plane; i++) map[i] = count[i] > 0 ? (float) (sum[i] / count[i]) : 0f;
        return Tensor.of(map, h, w);
    }
}
