package org.nabla.backend.cpu;

import static org.nabla.backend.cpu.DirectConv.L;
import static org.nabla.backend.cpu.DirectConv.MR;
import static org.nabla.backend.cpu.DirectConv.NR;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.nabla.backend.Conv2dSpec;
import org.nabla.backend.cpu.DirectConv.Geometry;

/**
 * {@link DirectConv}'s forward and weight gradient turned the other way, for output channels in blocks of NR:
 * register tiles of MR output positions x NR channels, where each position's cells are scalars broadcast from
 * the padded image (at[pos] + off[p]) and the NR channels are one vector pair. Only real output positions are
 * computed, none of the virtual rows' dropped columns, which pays when those are many (LeNet conv2: 4 of 14);
 * results leave the registers transposed, through a small tile.
 * <pre>
 *   forward      out[o][pos] = sum_p img[at[pos] + off[p]] * wT[p][o]          (wT: the weights, channel-fastest)
 *   weight grad  dW[o][p]   += sum_pos img[at[pos] + off[p]] * dyT[pos][o]     (dyT: each sample's dy transposed)
 * </pre>
 */
final class ChannelBlockConv {
    private static final VectorSpecies<Float> S = Simd.FLOAT;

    private ChannelBlockConv() {}

    /** Channel blocks fill whole vector pairs, and virtual rows would drop more than a fifth of their columns. */
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
        DirectConv.forEachSample(s.n(), (sample, image, tile) -> {
            for (int g = 0; g < s.groups(); g++) {
                geo.pad(x, (sample * s.c() + g * s.cg()) * s.h() * s.w(), s.h(), s.w(), s.padH(), s.padW(), image, 0);
                int base = (sample * s.o() + g * og) * q;
                for (int t = 0; t < q; t += MR) {
                    int rows = Math.min(MR, q - t);
                    int a0 = at[t], a1 = at[t + Math.min(1, rows - 1)], a2 = at[t + Math.min(2, rows - 1)], a3 = at[t + rows - 1];
                    for (int b = 0; b < blocks; b++) {
                        kernel(patch, image, a0, a1, a2, a3, geo.off(), packed[g], b * patch * NR, NR, tile, false);
                        for (int j = 0; j < NR; j++) {
                            int o = b * NR + j;
                            float add = bias == null ? 0f : bias[g * og + o];
                            for (int r = 0; r < rows; r++) out[base + o * q + t + r] = tile[r * NR + j] + add;
                        }
                    }
                }
            }
        }, geo.length(), MR * NR);
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
                    int i0 = off[p], i1 = off[p + Math.min(1, rows - 1)], i2 = off[p + Math.min(2, rows - 1)], i3 = off[p + rows - 1];
                    for (int b = 0; b < blocks; b++) {
                        java.util.Arrays.fill(tile, 0, MR * NR, 0f);
                        for (int i = 0; i < count; i++)
                            kernel(q, images, i0 + i * imageStride, i1 + i * imageStride, i2 + i * imageStride, i3 + i * imageStride,
                                    at, dyT, i * dyStride + b * NR, og, tile, true);
                        for (int r = 0; r < rows; r++)
                            for (int j = 0; j < NR; j++) dw[(g * og + b * NR + j) * patch + p + r] = tile[r * NR + j];
                    }
                }
            }
        });
    }

    /**
     * tile[MR x NR] = sum over k < kb of img[a_r + step[k]] (r = 0..3, broadcast) times b's vector pair at bi +
     * k * ldb. The forward walks patch entries (step = off, b = packed weights); the weight gradient walks output
     * positions (step = at, b = dy transposed) and adds onto the tile. Sgemm's 4 x 2 register block, with A
     * read from the image.
     */
    private static void kernel(int kb, float[] img, int a0, int a1, int a2, int a3, int[] step, float[] b, int bi, int ldb,
                               float[] tile, boolean accumulate) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
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
            c00 = c00.add(FloatVector.fromArray(S, tile, 0));
            c01 = c01.add(FloatVector.fromArray(S, tile, L));
            c10 = c10.add(FloatVector.fromArray(S, tile, NR));
            c11 = c11.add(FloatVector.fromArray(S, tile, NR + L));
            c20 = c20.add(FloatVector.fromArray(S, tile, 2 * NR));
            c21 = c21.add(FloatVector.fromArray(S, tile, 2 * NR + L));
            c30 = c30.add(FloatVector.fromArray(S, tile, 3 * NR));
            c31 = c31.add(FloatVector.fromArray(S, tile, 3 * NR + L));
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
    }
}
