package org.nabla.backend.cpu;

import org.nabla.backend.Conv2dSpec;

/**
 * float32 strided convolutions (and so the transposed convolutions, their input gradients) by phase decomposition:
 * a convolution of stride (sh, sw) whose kernel sizes are multiples of the strides equals a stride-1 convolution
 * over the input's sh x sw phases (space to depth) with a kernel sh and sw times smaller. Phase (a, b) of channel
 * ci becomes channel (ci * sh + a) * sw + b of a phase image [n, c sh sw, hq, wq] whose cell (u, v) is the padded
 * input's cell (sh u + a, sw v + b); weight tap (i, j) becomes tap (i / sh, j / sw) of phase (i % sh, j % sw):
 * <pre>
 *   out[o][y][x] = sum_{ci,i,j} w[o][ci][i][j] xpad[ci][sh y + i][sw x + j]
 *                = sum_{ci,a,b,i',j'} w[o][ci][sh i' + a][sw j' + b] phase[(ci sh + a) sw + b][y + i'][x + j']
 * </pre>
 * All three primitives then run through {@link DirectConv}'s stride-1 kernels: the forward on the phase image, the
 * input gradient as DirectConv's input gradient read back from the phases (depth to space: every input cell is one
 * phase cell, so no col2im scatter and no zero insertion), the weight gradient on the phase image with its taps
 * put back in place. A 4x4 stride-2 layer (DCGAN) becomes a 2x2 stride-1 one over 4c channels, a 2x2 stride-2 one
 * (U-Net's up-sampling) a 1x1 one. Kernels that are not multiples of the stride (3x3 at stride 2) would multiply
 * zero taps, and dilations do not split this way: those stay on im2col.
 */
final class PhaseConv {
    private PhaseConv() {}

    /** Stride above 1 in some dim, no dilation, kernel sizes multiples of their strides. */
    static boolean applies(Conv2dSpec s) {
        return (s.strideH() > 1 || s.strideW() > 1) && s.dilationH() == 1 && s.dilationW() == 1
                && s.kh() % s.strideH() == 0 && s.kw() % s.strideW() == 0;
    }

    /** The stride-1 convolution over the phases: c sh sw channels of hq x wq, kernel kh / sh x kw / sw, no padding. */
    static Conv2dSpec inner(Conv2dSpec s) {
        int kh = s.kh() / s.strideH(), kw = s.kw() / s.strideW();
        return new Conv2dSpec(s.n(), s.c() * s.strideH() * s.strideW(), s.outH() + kh - 1, s.outW() + kw - 1, s.o(), kh, kw,
                1, 1, 0, 0, 1, 1, s.groups());
    }

    static float[] forward(float[] x, float[] w, float[] bias, Conv2dSpec s) {
        Conv2dSpec in = inner(s);
        return DirectConv.forward(phases(x, s, in), phaseWeights(w, s, in), bias, in);
    }

    /** dx [n, c, h, w] from dy [n, o, outH, outW]: the inner input gradient, read back from the phases. */
    static float[] inputGrad(float[] dy, float[] w, Conv2dSpec s) {
        Conv2dSpec in = inner(s);
        return unphase(DirectConv.inputGrad(dy, phaseWeights(w, s, in), in), s, in);
    }

    /** dW [o, c/g, kh, kw]: the inner weight gradient over the phase image, taps put back in place. */
    static float[] weightGrad(float[] dy, float[] x, Conv2dSpec s) {
        Conv2dSpec in = inner(s);
        float[] dwp = DirectConv.weightGrad(dy, phases(x, s, in), in);
        int[] tap = phaseTaps(s, in);
        float[] dw = new float[tap.length];
        for (int k = 0; k < tap.length; k++) dw[k] = dwp[tap[k]];
        return dw;
    }

    /** Weights [o, cg, kh, kw] as the inner convolution's [o, cg sh sw, kh / sh, kw / sw]. */
    static float[] phaseWeights(float[] w, Conv2dSpec s, Conv2dSpec in) {
        int[] tap = phaseTaps(s, in);
        float[] out = new float[s.o() * in.patch()];
        for (int k = 0; k < tap.length; k++) out[tap[k]] = w[k];
        return out;
    }

    /** For each weight [o][ci][i][j] (in order), its place in the inner weights: tap (i / sh, j / sw) of phase channel (ci sh + i % sh) sw + j % sw. */
    private static int[] phaseTaps(Conv2dSpec s, Conv2dSpec in) {
        int sh = s.strideH(), sw = s.strideW(), kh = s.kh(), kw = s.kw(), kh2 = in.kh(), kw2 = in.kw();
        int patch2 = in.patch();
        int[] tap = new int[s.o() * s.patch()];
        int k = 0;
        for (int o = 0; o < s.o(); o++)
            for (int ci = 0; ci < s.cg(); ci++)
                for (int i = 0; i < kh; i++)
                    for (int j = 0; j < kw; j++) {
                        int cp = (ci * sh + i % sh) * sw + j % sw;
                        tap[k++] = o * patch2 + (cp * kh2 + i / sh) * kw2 + j / sw;
                    }
        return tap;
    }

    /** x [n, c, h, w] as its phase image [n, c sh sw, hq, wq]: cell (u, v) of phase (a, b) is x[sh u + a - padH][sw v + b - padW], zero outside. */
    static float[] phases(float[] x, Conv2dSpec s, Conv2dSpec in) {
        int sh = s.strideH(), sw = s.strideW(), h = s.h(), w = s.w(), hq = in.h(), wq = in.w(), c = s.c();
        int plane = h * w, qplane = hq * wq;
        float[] out = new float[s.n() * c * sh * sw * qplane];
        Parallel.forRange(s.n() * c, 1, (from, count) -> {
            for (int nc = from; nc < from + count; nc++) {
                int src = nc * plane;
                for (int a = 0; a < sh; a++)
                    for (int b = 0; b < sw; b++) {
                        int dst = ((nc * sh + a) * sw + b) * qplane;
                        // Output columns v whose source column sw v + b - padW lies in [0, w).
                        int lo = Math.max(0, Math.ceilDiv(s.padW() - b, sw)), hi = Math.min(wq, Math.ceilDiv(w + s.padW() - b, sw));
                        for (int u = 0; u < hq; u++, dst += wq) {
                            int r = sh * u + a - s.padH();
                            if (r < 0 || r >= h || lo >= hi) continue;  // zero: the array is fresh
                            int row = src + r * w + b - s.padW();
                            for (int v = lo; v < hi; v++) out[dst + v] = x[row + sw * v];
                        }
                    }
            }
        });
        return out;
    }

    /** The adjoint of {@link #phases}: each input cell takes its phase cell's value (cells no phase reaches stay zero). */
    static float[] unphase(float[] p, Conv2dSpec s, Conv2dSpec in) {
        int sh = s.strideH(), sw = s.strideW(), h = s.h(), w = s.w(), hq = in.h(), wq = in.w(), c = s.c();
        int plane = h * w, qplane = hq * wq;
        float[] dx = new float[s.n() * c * plane];
        Parallel.forRange(s.n() * c, 1, (from, count) -> {
            for (int nc = from; nc < from + count; nc++) {
                int dst = nc * plane;
                for (int a = 0; a < sh; a++)
                    for (int b = 0; b < sw; b++) {
                        int src = ((nc * sh + a) * sw + b) * qplane;
                        int lo = Math.max(0, Math.ceilDiv(s.padW() - b, sw)), hi = Math.min(wq, Math.ceilDiv(w + s.padW() - b, sw));
                        for (int u = 0; u < hq; u++, src += wq) {
                            int r = sh * u + a - s.padH();
                            if (r < 0 || r >= h || lo >= hi) continue;
                            int row = dst + r * w + b - s.padW();
                            for (int v = lo; v < hi; v++) dx[row + sw * v] = p[src + v];
                        }
                    }
            }
        });
        return dx;
    }
}
