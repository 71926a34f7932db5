package org.nabla.data.augment;

import org.nabla.tensor.Generator;

/**
 * Blurs each image with a Gaussian kernel whose sigma is drawn uniformly from [sigmaMin, sigmaMax], like
 * {@code torchvision.transforms.GaussianBlur(kernel_size, sigma=(0.1, 2.0))}: the 1-D kernel is
 * exp(-x²/2σ²) at x = -(k-1)/2 .. (k-1)/2, normalised to sum 1, applied along rows then columns, with reflect
 * padding at the borders. A constant image stays constant.
 */
public final class GaussianBlur implements Augmentation {
    private final int kernelSize;
    private final double sigmaMin, sigmaMax;

    public GaussianBlur(int kernelSize) { this(kernelSize, 0.1, 2.0); }

    public GaussianBlur(int kernelSize, double sigmaMin, double sigmaMax) {
        if (kernelSize <= 0 || kernelSize % 2 == 0)
            throw new IllegalArgumentException("GaussianBlur: kernel size must be a positive odd number, got " + kernelSize);
        Images.checkRange("GaussianBlur", "sigma", sigmaMin, sigmaMax);
        if (!(sigmaMin > 0))
            throw new IllegalArgumentException("GaussianBlur: sigma must be positive, got [" + sigmaMin + ", " + sigmaMax + "]");
        this.kernelSize = kernelSize;
        this.sigmaMin = sigmaMin;
        this.sigmaMax = sigmaMax;
    }

    /** torchvision's _get_gaussian_kernel1d. */
    static float[] kernel(int size, double sigma) {
        float[] k = new float[size];
        double half = (size - 1) * 0.5, sum = 0;
        double[] pdf = new double[size];
        for (int i = 0; i < size; i++) {
            double x = (i - half) / sigma;
            sum += pdf[i] = Math.exp(-0.5 * x * x);
        }
        for (int i = 0; i < size; i++) k[i] = (float) (pdf[i] / sum);
        return k;
    }

    /** Reflect padding (edge pixel not repeated), bouncing again if the kernel is wider than the image. */
    static int reflect(int i, int n) {
        if (n == 1) return 0;
        int period = 2 * (n - 1);
        i = Math.floorMod(i, period);
        return i < n ? i : period - i;
    }

    @Override
    public void transform(float[] d, int off, int c, int h, int w, Generator gen) {
        float[] k = kernel(kernelSize, Images.uniform(gen, sigmaMin, sigmaMax));
        blur(d, off, c, h, w, k);
    }

    static void blur(float[] d, int off, int c, int h, int w, float[] k) {
        int r = k.length / 2, plane = h * w;
        float[] tmp = new float[plane];
        int[] xs = new int[w + 2 * r], ys = new int[h + 2 * r];
        for (int i = 0; i < xs.length; i++) xs[i] = reflect(i - r, w);
        for (int i = 0; i < ys.length; i++) ys[i] = reflect(i - r, h) * w;
        for (int ch = 0; ch < c; ch++) {
            int base = off + ch * plane;
            for (int y = 0; y < h; y++) {
                int row = base + y * w;
                for (int x = 0; x < w; x++) {
                    float s = 0;
                    for (int j = 0; j < k.length; j++) s += k[j] * d[row + xs[x + j]];
                    tmp[y * w + x] = s;
                }
            }
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    float s = 0;
                    for (int j = 0; j < k.length; j++) s += k[j] * tmp[ys[y + j] + x];
                    d[base + y * w + x] = s;
                }
        }
    }

    @Override
    public String toString() {
        return "GaussianBlur(kernel_size=" + kernelSize + ", sigma=(" + sigmaMin + ", " + sigmaMax + "))";
    }
}
