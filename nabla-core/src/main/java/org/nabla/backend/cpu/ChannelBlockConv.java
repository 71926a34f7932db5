package org.nabla.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.nabla.backend.Conv2dSpec;
import org.nabla.backend.cpu.DirectConv.Geometry;

/**
 * {@link DirectConv}'s forward and weight gradient turned the other way, for output channels in blocks of
 * {@value #NR}: register tiles of MR output positions x NR channels, where each position's cells are scalars
 * broadcast from the padded image (at[pos] + off[p]) and the NR channels are vectors: two of 8 floats x 4
 * positions at 256 bits, one of 16 floats x 8 positions at 512. The block is 16 channels at both widths, so the
 * same layers take this path on every machine. Only real output positions are
 * computed, none of the virtual rows' dropped columns, which pays when those are many (LeNet conv2: 4 of 14);
 * results leave the registers position-major and are transposed in one pass per sample.
 * <pre>
 *   forward      out[o][pos] = sum_p img[at[pos] + off[p]] * wT[p][o]          (wT: the weights, channel-fastest)
 *   weight grad  dW[o][p]   += sum_pos img[at[pos] + off[p]] * dyT[pos][o]     (dyT: each sample's dy transposed)
 * </pre>
 */
final class ChannelBlockConv {
    private static final VectorSpecies<Float> S = Simd.FLOAT;
    private static final int L = S.length();
    /** Channels per block, and output positions (or patch entries) per register tile. */
    static final int NR = 16, MR = Simd.WIDE ? 8 : 4;

    private ChannelBlockConv() {}

    /** Channels come in whole blocks, and virtual rows would drop more than a fifth of their columns. */
    static boolean applies(Conv2dSpec s) {
        return DirectConv.applies(s) && s.og() % NR == 0 && 5 * s.outW() < 4 * (s.w() + 2 * s.padW());
    }

    /** Where each output position's window starts in the padded image. */
    private static int[] starts(Conv2dSpec s, int wp) {
        int[] at = new int[s.outH() * s.outW()];
        for (int y = 0, k = 0; y < s.outH(); y++)
            for (int x = 0; x < s.outW(); x++) at[k++] = y * wp + x;
        return at;
    }

    /** The weights of group g as blocks of NR channels: block b holds, for each patch entry p, channels b*NR ..+NR. */
    private static float[] packChannels(float[] w, int g, int og, int patch) {
        float[] out = new float[og * patch];
        for (int b = 0; b < og / NR; b++)
            for (int p = 0; p < patch; p++)
                for (int j = 0; j < NR; j++) out[(b * patch + p) * NR + j] = w[(g * og + b * NR + j) * patch + p];
        return out;
    }

    static float[] forward(float[] x, float[] w, float[] bias, Conv2dSpec s) {
        Geometry geo = Geometry.of(s.cg(), s.h(), s.w(), s.padH(), s.padW(), s.kh(), s.kw(), s.dilationH(), s.dilationW());
        int og = s.og(), patch = s.patch(), q = s.outH() * s.outW(), blocks = og / NR;
        int[] at = starts(s, geo.wp());
        float[][] packed = new float[s.groups()][];
        for (int g = 0; g < s.groups(); g++) packed[g] = packChannels(w, g, og, patch);
        float[] out = new float[s.n() * s.o() * q];
        int tiles = Math.ceilDiv(q, MR) * MR;
        DirectConv.forEachSample(s.n(), (sample, image, rows) -> {
            for (int g = 0; g < s.groups(); g++) {
                geo.pad(x, (sample * s.c() + g * s.cg()) * s.h() * s.w(), s.h(), s.w(), s.padH(), s.padW(), image, 0);
                for (int b = 0; b < blocks; b++) {
                    // The tiles land position-major in rows [position][channel], then go out channel-major in one pass.
                    for (int t = 0; t < q; t += MR)
                        kernel(patch, image, at, t, Math.min(MR, q - t), 0, geo.off(), packed[g], b * patch * NR, NR, rows, t * NR, false);
                    for (int j = 0; j < NR; j++) {
                        int o = g * og + b * NR + j, to = (sample * s.o() + o) * q;
                        float add = bias == null ? 0f : bias[o];
                        for (int k = 0; k < q; k++) out[to + k] = rows[k * NR + j] + add;
                    }
                }
            }
        }, geo.length(), tiles * NR);
        return out;
    }

    static float[] weightGrad(float[] dy, float[] x, Conv2dSpec s) {
        Geometry geo = Geometry.of(s.cg(), s.h(), s.w(), s.padH(), s.padW(), s.kh(), s.kw(), s.dilationH(), s.dilationW());
        int og = s.og(), patch = s.patch(), q = s.outH() * s.outW(), blocks = og / NR;
        int[] at = starts(s, geo.wp());
        int[] off = geo.off();
        int imageStride = geo.length(), dyStride = q * og, chunk = DirectConv.wgradChunk(imageStride + dyStride);
        return DirectConv.sumOverChunks(s.n(), chunk, s.o() * patch, (n0, count, dw) -> {
            float[] images = Scratch.floats(Scratch.Slot.CONV_IMAGE, chunk * imageStride);
            float[] dyT = Scratch.floats(Scratch.Slot.CONV_ROWS, chunk * dyStride);
            float[] tile = Scratch.floats(Scratch.Slot.CONV_ACC, MR * NR);
            for (int g = 0; g < s.groups(); g++) {
                for (int i = 0; i < count; i++) {
                    geo.pad(x, ((n0 + i) * s.c() + g * s.cg()) * s.h() * s.w(), s.h(), s.w(), s.padH(), s.padW(), images, i * imageStride);
                    int from = ((n0 + i) * s.o() + g * og) * q, to = i * dyStride;
                    for (int o = 0; o < og; o++)
                        for (int k = 0; k < q; k++) dyT[to + k * og + o] = dy[from + o * q + k];
                }
                for (int p = 0; p < patch; p += MR) {
                    int rows = Math.min(MR, patch - p);
                    for (int b = 0; b < blocks; b++) {
                        java.util.Arrays.fill(tile, 0, MR * NR, 0f);
                        for (int i = 0; i < count; i++)
                            kernel(q, images, off, p, rows, i * imageStride, at, dyT, i * dyStride + b * NR, og, tile, 0, true);
                        for (int r = 0; r < rows; r++)
                            for (int j = 0; j < NR; j++) dw[(g * og + b * NR + j) * patch + p + r] = tile[r * NR + j];
                    }
                }
            }
        });
    }

    /**
     * tile[MR x NR] = sum over k < kb of img[a_r + step[k]] (broadcast) times b's NR channels at bi + k * ldb, for
     * the MR starts a_r = starts[first + r] + shift (the last one repeated past count). The forward walks patch
     * entries (starts = positions' windows, step = off, b = packed weights); the weight gradient walks output
     * positions (starts = patch offsets, step = at, b = dy transposed) and adds onto the tile. Sgemm's register
     * blocks, with A read from the image.
     */
    private static void kernel(int kb, float[] img, int[] starts, int first, int count, int shift, int[] step, float[] b, int bi, int ldb,
                               float[] tile, int to, boolean accumulate) {
        if (Simd.WIDE) kernel8x1(kb, img, starts, first, count, shift, step, b, bi, ldb, tile, to, accumulate);
        else kernel4x2(kb, img, starts, first, count, shift, step, b, bi, ldb, tile, to, accumulate);
    }

    /** The 256-bit tile: 4 starts x 2 vectors of 8 channels. */
    private static void kernel4x2(int kb, float[] img, int[] starts, int first, int count, int shift, int[] step, float[] b, int bi,
                                 int ldb, float[] tile, int to, boolean accumulate) {
        int last = first + count - 1;
        int a0 = starts[first] + shift;
        int a1 = starts[Math.min(first + 1, last)] + shift;
        int a2 = starts[Math.min(first + 2, last)] + shift;
        int a3 = starts[Math.min(first + 3, last)] + shift;
        FloatVector c00 = FloatVector.zero(S); FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S); FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S); FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S); FloatVector c31 = FloatVector.zero(S);
        for (int k = 0; k < kb; k++) {
            int d = step[k], bp = bi + k * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x = FloatVector.broadcast(S, img[a0 + d]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, img[a1 + d]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, img[a2 + d]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, img[a3 + d]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        if (accumulate) {
            c00 = c00.add(FloatVector.fromArray(S, tile, to + 0 * NR));
            c01 = c01.add(FloatVector.fromArray(S, tile, to + 0 * NR + L));
            c10 = c10.add(FloatVector.fromArray(S, tile, to + 1 * NR));
            c11 = c11.add(FloatVector.fromArray(S, tile, to + 1 * NR + L));
            c20 = c20.add(FloatVector.fromArray(S, tile, to + 2 * NR));
            c21 = c21.add(FloatVector.fromArray(S, tile, to + 2 * NR + L));
            c30 = c30.add(FloatVector.fromArray(S, tile, to + 3 * NR));
            c31 = c31.add(FloatVector.fromArray(S, tile, to + 3 * NR + L));
        }
        c00.intoArray(tile, to + 0 * NR);
        c01.intoArray(tile, to + 0 * NR + L);
        c10.intoArray(tile, to + 1 * NR);
        c11.intoArray(tile, to + 1 * NR + L);
        c20.intoArray(tile, to + 2 * NR);
        c21.intoArray(tile, to + 2 * NR + L);
        c30.intoArray(tile, to + 3 * NR);
        c31.intoArray(tile, to + 3 * NR + L);
    }

    /** The 512-bit tile: 8 starts x one vector of 16 channels. */
    private static void kernel8x1(int kb, float[] img, int[] starts, int first, int count, int shift, int[] step, float[] b, int bi,
                                 int ldb, float[] tile, int to, boolean accumulate) {
        int last = first + count - 1;
        int a0 = starts[first] + shift;
        int a1 = starts[Math.min(first + 1, last)] + shift;
        int a2 = starts[Math.min(first + 2, last)] + shift;
        int a3 = starts[Math.min(first + 3, last)] + shift;
        int a4 = starts[Math.min(first + 4, last)] + shift;
        int a5 = starts[Math.min(first + 5, last)] + shift;
        int a6 = starts[Math.min(first + 6, last)] + shift;
        int a7 = starts[Math.min(first + 7, last)] + shift;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S);
        for (int k = 0; k < kb; k++) {
            int d = step[k], bp = bi + k * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector x = FloatVector.broadcast(S, img[a0 + d]);
            c00 = x.fma(b0, c00);
            x = FloatVector.broadcast(S, img[a1 + d]);
            c10 = x.fma(b0, c10);
            x = FloatVector.broadcast(S, img[a2 + d]);
            c20 = x.fma(b0, c20);
            x = FloatVector.broadcast(S, img[a3 + d]);
            c30 = x.fma(b0, c30);
            x = FloatVector.broadcast(S, img[a4 + d]);
            c40 = x.fma(b0, c40);
            x = FloatVector.broadcast(S, img[a5 + d]);
            c50 = x.fma(b0, c50);
            x = FloatVector.broadcast(S, img[a6 + d]);
            c60 = x.fma(b0, c60);
            x = FloatVector.broadcast(S, img[a7 + d]);
            c70 = x.fma(b0, c70);
        }
        if (accumulate) {
            c00 = c00.add(FloatVector.fromArray(S, tile, to + 0 * NR));
            c10 = c10.add(FloatVector.fromArray(S, tile, to + 1 * NR));
            c20 = c20.add(FloatVector.fromArray(S, tile, to + 2 * NR));
            c30 = c30.add(FloatVector.fromArray(S, tile, to + 3 * NR));
            c40 = c40.add(FloatVector.fromArray(S, tile, to + 4 * NR));
            c50 = c50.add(FloatVector.fromArray(S, tile, to + 5 * NR));
            c60 = c60.add(FloatVector.fromArray(S, tile, to + 6 * NR));
            c70 = c70.add(FloatVector.fromArray(S, tile, to + 7 * NR));
        }
        c00.intoArray(tile, to + 0 * NR);
        c10.intoArray(tile, to + 1 * NR);
        c20.intoArray(tile, to + 2 * NR);
        c30.intoArray(tile, to + 3 * NR);
        c40.intoArray(tile, to + 4 * NR);
        c50.intoArray(tile, to + 5 * NR);
        c60.intoArray(tile, to + 6 * NR);
        c70.intoArray(tile, to + 7 * NR);
    }
}
