package org.nabla.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nabla.backend.Conv2dSpec;

/**
 * float32 stride-1 convolution without an im2col matrix. Each sample's input is copied once into a zero-padded
 * image [c][hp][wp]; the output is computed on "virtual" rows of the padded width wp, so output position v (row
 * v / wp, column v % wp) reads the image at v + off[p] for patch entry p = (channel, kernel row, kernel column).
 * Sixteen consecutive positions are then two plain vector loads from the image: the GEMM operand comes straight
 * from memory, with no packing. The wp - outW columns past each row's end are computed and dropped (LeNet conv2:
 * 10 of 14 kept), which costs less than building and packing a patch matrix when channels are few.
 * <pre>
 *   forward      out[o][v]         = sum_p w[o][p] * img[v + off[p]]      (4 channels x 16 positions, or 2 x 32)
 *   input grad   dimg[v + off[p]] += sum_o w[o][p] * dyv[o][v]            (4 or 8 entries x 2 vectors, col2im fused)
 *   weight grad  dW[o][p]         += sum_v dyv[o][v] * img[v + off[p]]    (2 or 4 channels x 4 entries, lane-wise sums)
 * </pre>
 * dyv is dy laid out on virtual rows, zero in the dropped columns, so those add nothing (but see {@link #weightGrad}).
 * Channel counts in 16s with many dropped columns go to {@link ChannelBlockConv} for the forward and weight gradient.
 * Samples are independent in the forward and input gradient; the weight gradient keeps one partial sum per fixed
 * chunk of samples and adds them in chunk order, so no result depends on the thread count.
 */
final class DirectConv {
    private static final VectorSpecies<Float> S = Simd.FLOAT;
    static final int L = S.length(), NR = 2 * L, MR = 4;
    /**
     * Weight-gradient tile: output channels x patch entries. 2 x 4 accumulators at 256 bits (16 registers); 4 x 4 at
     * 512 (32 registers), which loads 8 vectors per 16 FMAs instead of 6 per 8.
     */
    static final int WO = Simd.WIDE ? 4 : 2, WP = 4;
    /** Patch entries per input-gradient block: 4 (x 2 vectors) at 256 bits, 8 at 512 (16 accumulators). */
    static final int EB = Simd.WIDE ? 2 * MR : MR;
    /** Output channels per transposed dy block of the outer-product weight gradient: two vectors. */
    static final int TB = 2 * L;
    /** Samples per weight-gradient partial sum, at most; and the floats a thread's chunk buffers may take. */
    private static final int WGRAD_CHUNK = 8, WGRAD_FLOATS = 1 << 20, WGRAD_MAX_CHUNK = 32, WGRAD_POSITIONS = 4096;

    private DirectConv() {}

    /** Stride 1 in both dims: virtual rows need consecutive output columns to read consecutive input cells. */
    static boolean applies(Conv2dSpec s) {
        return s.strideH() == 1 && s.strideW() == 1;
    }

    /** The geometry of one padded image and the convolution run over it. */
    record Geometry(int channels, int hp, int wp, int outH, int outW, int[] off, int length) {
        /** Virtual output positions rounded up to a multiple of m. */
        int virtual(int m) { return Math.ceilDiv(outH * wp, m) * m; }

        static Geometry of(int channels, int h, int w, int padH, int padW, int kh, int kw, int dh, int dw) {
            int hp = h + 2 * padH, wp = w + 2 * padW, outH = hp - dh * (kh - 1), outW = wp - dw * (kw - 1);
            int[] off = new int[channels * kh * kw];
            for (int c = 0, p = 0; c < channels; c++)
                for (int i = 0; i < kh; i++)
                    for (int j = 0; j < kw; j++) off[p++] = (c * hp + i * dh) * wp + j * dw;
            // Reads reach the last virtual position (rounded up to the widest tile, 2 * NR) plus the largest offset.
            int reach = Math.ceilDiv(outH * wp, 2 * NR) * 2 * NR + off[off.length - 1];
            return new Geometry(channels, hp, wp, outH, outW, off, Math.max(channels * hp * wp, reach));
        }

        /** Copies channels [channels][h][w] from src into image[to ..] with a zero border (ph, pw) and a zero tail up to length. */
        void pad(float[] src, int at, int h, int w, int ph, int pw, float[] image, int to) {
            int o = to;
            for (int ch = 0; ch < channels; ch++) {
                java.util.Arrays.fill(image, o, o + ph * wp, 0f);
                o += ph * wp;
                for (int y = 0; y < h; y++, o += wp, at += w) {
                    java.util.Arrays.fill(image, o, o + pw, 0f);
                    System.arraycopy(src, at, image, o + pw, w);
                    java.util.Arrays.fill(image, o + pw + w, o + wp, 0f);
                }
                java.util.Arrays.fill(image, o, o + (hp - h - ph) * wp, 0f);
                o += (hp - h - ph) * wp;
            }
            java.util.Arrays.fill(image, o, to + length, 0f);
        }
    }

    // ------------------------------------------------------------ the three passes

    /** x [n, c, h, w], w [o, c/g, kh, kw], bias [o] or null; returns out [n, o, outH, outW]. */
    static float[] forward(float[] x, float[] w, float[] bias, Conv2dSpec s) {
        if (ChannelBlockConv.applies(s)) return ChannelBlockConv.forward(x, w, bias, s);
        Geometry geo = Geometry.of(s.cg(), s.h(), s.w(), s.padH(), s.padW(), s.kh(), s.kw(), s.dilationH(), s.dilationW());
        int og = s.og(), patch = s.patch(), q = s.outH() * s.outW(), mr = rowsPerBlock(og);
        float[][] packed = new float[s.groups()][];
        for (int g = 0; g < s.groups(); g++) {
            int first = g * og;
            packed[g] = packRows(og, patch, mr, (r, p) -> w[(first + r) * patch + p]);
        }
        float[] out = new float[s.n() * s.o() * q];
        forEachSample(s.n(), (sample, image, rows) -> {
            for (int g = 0; g < s.groups(); g++) {
                geo.pad(x, (sample * s.c() + g * s.cg()) * s.h() * s.w(), s.h(), s.w(), s.padH(), s.padW(), image, 0);
                convImage(image, geo, packed[g], mr, og, rows, bias, g * og, out, (sample * s.o() + g * og) * q);
            }
        }, geo.length, Math.ceilDiv(og, mr) * mr * geo.virtual(mr == 2 ? 2 * NR : NR));
        return out;
    }

    /**
     * dy [n, o, outH, outW], w; returns dx [n, c, h, w]. The adjoint of the forward: every patch entry p adds
     * sum_o w[o][p] * dyv[o][v] onto the padded image at v + off[p] (col2im fused into the product), and the
     * image's interior is dx. Entries go channel-fastest, so the rows of a block (4, or 8 at 512 bits) land on different planes
     * and their read-modify-writes do not overlap.
     */
    static float[] inputGrad(float[] dy, float[] w, Conv2dSpec s) {
        Geometry geo = Geometry.of(s.cg(), s.h(), s.w(), s.padH(), s.padW(), s.kh(), s.kw(), s.dilationH(), s.dilationW());
        int og = s.og(), cg = s.cg(), kh = s.kh(), kw = s.kw(), patch = s.patch(), q = s.outH() * s.outW();
        int plane = s.h() * s.w(), lv = geo.virtual(NR), blocks = Math.ceilDiv(patch, EB);
        int[] entry = new int[blocks * EB], target = new int[blocks * EB];
        for (int j = 0, e = 0; j < kw; j++)
            for (int i = 0; i < kh; i++)
                for (int ci = 0; ci < cg; ci++, e++) entry[e] = (ci * kh + i) * kw + j;
        for (int e = 0; e < entry.length; e++) target[e] = e < patch ? geo.off[entry[e]] : geo.length;  // past the end: a sink
        float[][] packed = new float[s.groups()][];
        for (int g = 0; g < s.groups(); g++) {
            float[] a = new float[blocks * og * EB];
            for (int b = 0; b < blocks; b++)
                for (int o = 0; o < og; o++)
                    for (int r = 0, e = b * EB; r < EB; r++, e++)
                        a[(b * og + o) * EB + r] = e < patch ? w[(g * og + o) * patch + entry[e]] : 0f;
            packed[g] = a;
        }
        float[] dx = new float[s.n() * s.c() * plane];
        forEachSample(s.n(), (sample, image, rows) -> {
            for (int g = 0; g < s.groups(); g++) {
                virtualRows(dy, (sample * s.o() + g * og) * q, og, s.outH(), s.outW(), geo.wp, lv, rows);
                java.util.Arrays.fill(image, 0, geo.length, 0f);
                float[] a = packed[g];
                for (int v = 0; v < lv; v += NR)
                    for (int b = 0, e = 0; b < blocks; b++, e += EB) {
                        if (EB == MR) kernelS(og, a, b * og * MR, rows, v, lv, image, v + target[e], v + target[e + 1], v + target[e + 2], v + target[e + 3]);
                        else kernelS8(og, a, b * og * EB, rows, v, lv, image, v, target, e);
                    }
                crop(image, geo, s.padH(), s.padW(), s.h(), s.w(), dx, (sample * s.c() + g * cg) * plane);
            }
        }, geo.length + NR + lv, og * lv);
        return dx;
    }

    /**
     * dy and x; returns dW [o, c/g, kh, kw]. The dropped virtual columns multiply a zero dy by whatever image cell
     * they reach, so an infinite input next to the border can turn into NaN there where the definition has none.
     */
    static float[] weightGrad(float[] dy, float[] x, Conv2dSpec s) {
        if (ChannelBlockConv.applies(s)) return ChannelBlockConv.weightGrad(dy, x, s);
        if (transposedWeightGrad(s)) return weightGradTransposed(dy, x, s);
        Geometry geo = Geometry.of(s.cg(), s.h(), s.w(), s.padH(), s.padW(), s.kh(), s.kw(), s.dilationH(), s.dilationW());
        int og = s.og(), patch = s.patch(), q = s.outH() * s.outW(), lv = geo.virtual(L);
        int oTiles = Math.ceilDiv(og, WO), pTiles = Math.ceilDiv(patch, WP), tile = WO * WP * L;
        int imageStride = geo.length, dyStride = og * lv, chunk = wgradChunk(imageStride + dyStride, lv);
        return sumOverChunks(s.n(), chunk, s.o() * patch, (n0, count, dw) -> {
            float[] images = Scratch.floats(Scratch.Slot.CONV_IMAGE, chunk * imageStride);
            float[] dyv = Scratch.floats(Scratch.Slot.CONV_ROWS, chunk * dyStride);
            float[] acc = Scratch.floats(Scratch.Slot.CONV_ACC, tile);
            for (int g = 0; g < s.groups(); g++) {
                for (int i = 0; i < count; i++) {
                    geo.pad(x, ((n0 + i) * s.c() + g * s.cg()) * s.h() * s.w(), s.h(), s.w(), s.padH(), s.padW(), images, i * imageStride);
                    virtualRows(dy, ((n0 + i) * s.o() + g * og) * q, og, s.outH(), s.outW(), geo.wp, lv, dyv, i * dyStride);
                }
                // Patch tiles outside: their image windows stay in cache while the channel tiles go by.
                for (int pt = 0; pt < pTiles; pt++) {
                    int p = pt * WP, last = patch - 1;
                    int i0 = geo.off[p], i1 = geo.off[Math.min(p + 1, last)], i2 = geo.off[Math.min(p + 2, last)], i3 = geo.off[Math.min(p + 3, last)];
                    for (int ot = 0; ot < oTiles; ot++) {
                        int d0 = Math.min(ot * WO, og - 1) * lv, d1 = Math.min(ot * WO + 1, og - 1) * lv;
                        if (WO == 4) {
                            int d2 = Math.min(ot * WO + 2, og - 1) * lv, d3 = Math.min(ot * WO + 3, og - 1) * lv;
                            kernelW4(lv, count, dyv, d0, d1, d2, d3, dyStride, images, i0, i1, i2, i3, imageStride, acc);
                        } else {
                            kernelW(lv, count, dyv, d0, d1, dyStride, images, i0, i1, i2, i3, imageStride, acc);
                        }
                        reduceTile(acc, ot, pt, og, patch, dw, g * og * patch);
                    }
                }
            }
        });
    }

    /**
     * With output channels in blocks of TB = 2 vectors (16 at 256 bits, 32 at 512), the weight gradient runs as an
     * outer product: dy is transposed into blocks [position][TB channels], and each position broadcasts the image
     * cells of 4 patch entries onto 2 channel vectors ({@link #kernelWT}: 2 aligned loads and 4 broadcasts per 8
     * FMAs, like the forward's kernel), instead of the unaligned loads of the lane-wise dot products. It measured
     * 1.3-2x faster on resnet20's 3x3 layers at both widths; other channel counts keep the lane-wise tiles.
     */
    static boolean transposedWeightGrad(Conv2dSpec s) {
        return s.og() % TB == 0;
    }

    /** {@link #weightGrad} through {@link #kernelWT}; dy's dropped virtual columns are zero in the transposed blocks. */
    private static float[] weightGradTransposed(float[] dy, float[] x, Conv2dSpec s) {
        Geometry geo = Geometry.of(s.cg(), s.h(), s.w(), s.padH(), s.padW(), s.kh(), s.kw(), s.dilationH(), s.dilationW());
        int og = s.og(), patch = s.patch(), q = s.outH() * s.outW(), lv = s.outH() * geo.wp, blocks = og / TB;
        int pTiles = Math.ceilDiv(patch, WP), imageStride = geo.length, dyStride = og * lv, chunk = wgradChunk(imageStride + dyStride, lv);
        return sumOverChunks(s.n(), chunk, s.o() * patch, (n0, count, dw) -> {
            float[] images = Scratch.floats(Scratch.Slot.CONV_IMAGE, chunk * imageStride);
            float[] dyt = Scratch.floats(Scratch.Slot.CONV_ROWS, chunk * dyStride);
            float[] acc = Scratch.floats(Scratch.Slot.CONV_ACC, WP * TB);
            for (int g = 0; g < s.groups(); g++) {
                for (int i = 0; i < count; i++) {
                    geo.pad(x, ((n0 + i) * s.c() + g * s.cg()) * s.h() * s.w(), s.h(), s.w(), s.padH(), s.padW(), images, i * imageStride);
                    transposedRows(dy, ((n0 + i) * s.o() + g * og) * q, og, s.outH(), s.outW(), geo.wp, dyt, i * dyStride);
                }
                for (int pt = 0; pt < pTiles; pt++) {
                    int p = pt * WP, last = patch - 1;
                    int i0 = geo.off[p], i1 = geo.off[Math.min(p + 1, last)], i2 = geo.off[Math.min(p + 2, last)], i3 = geo.off[Math.min(p + 3, last)];
                    for (int b = 0; b < blocks; b++) {
                        kernelWT(lv, count, dyt, b * lv * TB, dyStride, images, i0, i1, i2, i3, imageStride, acc);
                        for (int r = 0; r < WP && p + r < patch; r++)
                            for (int j = 0, at = g * og * patch + b * TB * patch + p + r; j < TB; j++, at += patch) dw[at] = acc[r * TB + j];
                    }
                }
            }
        });
    }

    /** dy's channels [c][oh][ow] as blocks [c / TB][oh * wp][TB] at out[to ..]: channel-fastest, zero in the dropped columns. */
    private static void transposedRows(float[] dy, int at, int c, int oh, int ow, int wp, float[] out, int to) {
        int lv = oh * wp;
        for (int ch = 0; ch < c; ch++) {
            int o = to + (ch / TB) * lv * TB + ch % TB, src = at + ch * oh * ow;
            for (int y = 0; y < oh; y++, src += ow) {
                int v = y * wp;
                for (int j = 0; j < ow; j++) out[o + (v + j) * TB] = dy[src + j];
                for (int j = ow; j < wp; j++) out[o + (v + j) * TB] = 0f;
            }
        }
    }

    // ------------------------------------------------------------ pieces

    /**
     * Samples per weight-gradient chunk for a per-sample buffer size: up to WGRAD_CHUNK, fewer for large images so
     * a thread's buffers stay bounded. It depends on the geometry only, so the partial sums do not vary with threads.
     */
    static int wgradChunk(int floatsPerSample) {
        return Math.max(1, Math.min(WGRAD_CHUNK, WGRAD_FLOATS / Math.max(1, floatsPerSample)));
    }

    /**
     * {@link #wgradChunk(int)} for the direct kernel's lv positions per sample: small images take up to
     * {@value #WGRAD_MAX_CHUNK} samples (doubling from WGRAD_CHUNK while a chunk has fewer than
     * {@value #WGRAD_POSITIONS} positions), so each tile's lane sums are reduced once per many products.
     */
    static int wgradChunk(int floatsPerSample, int positions) {
        int chunk = WGRAD_CHUNK;
        while (chunk < WGRAD_MAX_CHUNK && chunk * positions < WGRAD_POSITIONS) chunk *= 2;
        return Math.max(1, Math.min(chunk, WGRAD_FLOATS / Math.max(1, floatsPerSample)));
    }

    @FunctionalInterface
    interface ChunkWork {
        /** Adds the weight gradient of samples first .. first + count - 1 into dw (zeroed). */
        void run(int first, int count, float[] dw);
    }

    /**
     * Runs {@code work} on fixed chunks of {@code chunk} samples, each into its own zeroed float[size], spread over
     * the threads, and returns the chunks' sum taken in chunk order: the same bits at any thread count.
     */
    static float[] sumOverChunks(int n, int chunk, int size, ChunkWork work) {
        int chunks = Math.ceilDiv(n, chunk);
        if (chunks == 0) return new float[size];
        float[][] partial = new float[chunks][];
        // Chunks are claimed dynamically; the partials are summed in chunk order, whoever computed them.
        Parallel.forEach(chunks, c -> {
            float[] dw = new float[size];
            int first = c * chunk;
            work.run(first, Math.min(n, first + chunk) - first, dw);
            partial[c] = dw;
        });
        float[] sum = partial[0];
        for (int c = 1; c < chunks; c++) {
            float[] b = partial[c];
            for (int i = 0; i < sum.length; i++) sum[i] += b[i];
        }
        return sum;
    }

    @FunctionalInterface
    interface SampleWork {
        void run(int sample, float[] image, float[] rows);
    }

    /** Samples split into one contiguous range per thread, each thread with its own padded image and output rows. */
    static void forEachSample(int n, SampleWork work, int imageSize, int rowsSize) {
        Parallel.forRange(n, 1, (from, count) -> {
            float[] image = Scratch.floats(Scratch.Slot.CONV_IMAGE, imageSize);
            float[] rows = Scratch.floats(Scratch.Slot.CONV_ROWS, rowsSize);
            for (int i = from; i < from + count; i++) work.run(i, image, rows);
        });
    }

    @FunctionalInterface
    private interface Entry {
        float at(int row, int p);
    }

    /**
     * Output rows per register block: MR (4 rows x NR positions), or 2 (2 rows x 2 NR positions) where that pads
     * fewer rows (LeNet conv1's 6 channels: 3 blocks of 2 rather than 2 of 4), or at 512 bits 8 (8 rows x NR).
     */
    static int rowsPerBlock(int rows) {
        // 512 bits: 8 rows x NR (16 accumulators of 32 registers) for row counts in 8s.
        if (Simd.WIDE && rows % (2 * MR) == 0) return 2 * MR;
        return Math.ceilDiv(rows, 2) * 2 < Math.ceilDiv(rows, MR) * MR ? 2 : MR;
    }

    /** Weights as blocks of mr rows: block b holds, for each patch entry p, rows b*mr .. b*mr+mr-1 (zero past the end). */
    private static float[] packRows(int rows, int patch, int mr, Entry w) {
        int blocks = Math.ceilDiv(rows, mr);
        float[] out = new float[blocks * patch * mr];
        for (int b = 0; b < blocks; b++)
            for (int p = 0; p < patch; p++)
                for (int r = 0; r < mr; r++) {
                    int row = b * mr + r;
                    out[(b * patch + p) * mr + r] = row < rows ? w.at(row, p) : 0f;
                }
        return out;
    }

    /** The interior of the padded image (channels [c][h][w] at border ph, pw) copied out to dst. */
    private static void crop(float[] image, Geometry geo, int ph, int pw, int h, int w, float[] dst, int at) {
        for (int ch = 0; ch < geo.channels; ch++)
            for (int y = 0; y < h; y++, at += w) System.arraycopy(image, (ch * geo.hp + y + ph) * geo.wp + pw, dst, at, w);
    }

    /** One padded image through the packed weights: rows [blocks*mr][virtual] then the kept columns into out (+ bias). */
    private static void convImage(float[] image, Geometry geo, float[] packed, int mr, int rows, float[] vrows,
                                  float[] bias, int biasAt, float[] out, int outAt) {
        int width = mr == 2 ? 2 * NR : NR, lv = geo.virtual(width), patch = geo.off.length, blocks = Math.ceilDiv(rows, mr);
        for (int v = 0; v < lv; v += width)
            for (int b = 0; b < blocks; b++) {
                if (mr == 2 * MR) kernelF8(patch, packed, b * patch * 2 * MR, image, v, geo.off, vrows, b * 2 * MR * lv + v, lv);
                else if (mr == MR) kernelF(patch, packed, b * patch * MR, image, v, geo.off, vrows, b * MR * lv + v, lv);
                else kernelF2(patch, packed, b * patch * 2, image, v, geo.off, vrows, b * 2 * lv + v, lv);
            }
        int oh = geo.outH, ow = geo.outW, wp = geo.wp;
        for (int r = 0; r < rows; r++) {
            float add = bias == null ? 0f : bias[biasAt + r];
            for (int y = 0; y < oh; y++) {
                int from = r * lv + y * wp, to = outAt + (r * oh + y) * ow;
                for (int j = 0; j < ow; j++) out[to + j] = vrows[from + j] + add;
            }
        }
    }

    /** dy's channels [c][oh][ow] on virtual rows of width wp at out[to ..], zero in the dropped columns and the tail up to lv. */
    private static void virtualRows(float[] dy, int at, int c, int oh, int ow, int wp, int lv, float[] out, int to) {
        for (int ch = 0; ch < c; ch++) {
            int o = to + ch * lv;
            for (int y = 0; y < oh; y++, o += wp, at += ow) {
                System.arraycopy(dy, at, out, o, ow);
                java.util.Arrays.fill(out, o + ow, o + wp, 0f);
            }
            java.util.Arrays.fill(out, o, to + (ch + 1) * lv, 0f);
        }
    }

    private static void virtualRows(float[] dy, int at, int c, int oh, int ow, int wp, int lv, float[] out) {
        virtualRows(dy, at, c, oh, ow, wp, lv, out, 0);
    }

    /** Sums each of the tile's accumulators over its lanes into dw[o][p], for the real (o, p) of tile (ot, pt). */
    private static void reduceTile(float[] acc, int ot, int pt, int og, int patch, float[] dw, int dwAt) {
        for (int i = 0, at = 0; i < WO; i++)
            for (int j = 0; j < WP; j++, at += L) {
                int o = ot * WO + i, p = pt * WP + j;
                if (o >= og || p >= patch) continue;
                dw[dwAt + o * patch + p] = FloatVector.fromArray(S, acc, at).reduceLanes(VectorOperators.ADD);
            }
    }

    // ------------------------------------------------------------ micro-kernels

    /**
     * c[MR rows, NR positions] = sum over p < kb of packed weights (MR per p, broadcast) times the image's NR cells
     * at v + off[p]: the Sgemm micro-kernel's 4 x 2 register block, with the B panel read in place.
     */
    static void kernelF(int kb, float[] w, int wi, float[] img, int v, int[] off, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        for (int p = 0; p < kb; p++) {
            int bp = v + off[p], ap = wi + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, img, bp);
            FloatVector b1 = FloatVector.fromArray(S, img, bp + L);
            FloatVector x = FloatVector.broadcast(S, w[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, w[ap + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, w[ap + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, w[ap + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        // Written out: accumulators passed to a helper would be boxed.
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        ci += ldc;
        c10.intoArray(c, ci);
        c11.intoArray(c, ci + L);
        ci += ldc;
        c20.intoArray(c, ci);
        c21.intoArray(c, ci + L);
        ci += ldc;
        c30.intoArray(c, ci);
        c31.intoArray(c, ci + L);
    }

    /** kernelF with 8 rows (16 accumulators): the 512-bit shape, 8 broadcasts and 2 loads per 16 FMAs. */
    static void kernelF8(int kb, float[] w, int wi, float[] img, int v, int[] off, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kb; p++) {
            int bp = v + off[p], ap = wi + p * 8;
            FloatVector b0 = FloatVector.fromArray(S, img, bp);
            FloatVector b1 = FloatVector.fromArray(S, img, bp + L);
            FloatVector x;
            x = FloatVector.broadcast(S, w[ap + 0]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, w[ap + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, w[ap + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, w[ap + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, w[ap + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, w[ap + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, w[ap + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, w[ap + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(c, ci + 0 * ldc);
        c01.intoArray(c, ci + 0 * ldc + L);
        c10.intoArray(c, ci + 1 * ldc);
        c11.intoArray(c, ci + 1 * ldc + L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + L);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + L);
        c60.intoArray(c, ci + 6 * ldc);
        c61.intoArray(c, ci + 6 * ldc + L);
        c70.intoArray(c, ci + 7 * ldc);
        c71.intoArray(c, ci + 7 * ldc + L);
    }

    /** kernelF's other shape: 2 rows x 2 NR positions (four vectors per row), for row counts that fit 4s badly. */
    static void kernelF2(int kb, float[] w, int wi, float[] img, int v, int[] off, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        for (int p = 0; p < kb; p++) {
            int bp = v + off[p], ap = wi + p * 2;
            FloatVector x0 = FloatVector.broadcast(S, w[ap]), x1 = FloatVector.broadcast(S, w[ap + 1]);
            FloatVector b = FloatVector.fromArray(S, img, bp);
            c00 = x0.fma(b, c00);
            c10 = x1.fma(b, c10);
            b = FloatVector.fromArray(S, img, bp + L);
            c01 = x0.fma(b, c01);
            c11 = x1.fma(b, c11);
            b = FloatVector.fromArray(S, img, bp + 2 * L);
            c02 = x0.fma(b, c02);
            c12 = x1.fma(b, c12);
            b = FloatVector.fromArray(S, img, bp + 3 * L);
            c03 = x0.fma(b, c03);
            c13 = x1.fma(b, c13);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c02.intoArray(c, ci + 2 * L);
        c03.intoArray(c, ci + 3 * L);
        ci += ldc;
        c10.intoArray(c, ci);
        c11.intoArray(c, ci + L);
        c12.intoArray(c, ci + 2 * L);
        c13.intoArray(c, ci + 3 * L);
    }

    /**
     * c[4 entries, NR positions] = sum over k < kb of packed weights (MR per k, broadcast) times b's row k (at bi +
     * k * ldb, read in place), then added onto the image at t0..t3: the input gradient's product and col2im in one.
     */
    static void kernelS(int kb, float[] a, int ai, float[] b, int bi, int ldb, float[] img, int t0, int t1, int t2, int t3) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        for (int k = 0; k < kb; k++) {
            int bp = bi + k * ldb, ap = ai + k * MR;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x = FloatVector.broadcast(S, a[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ap + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ap + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ap + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        FloatVector.fromArray(S, img, t0).add(c00).intoArray(img, t0);
        FloatVector.fromArray(S, img, t0 + L).add(c01).intoArray(img, t0 + L);
        FloatVector.fromArray(S, img, t1).add(c10).intoArray(img, t1);
        FloatVector.fromArray(S, img, t1 + L).add(c11).intoArray(img, t1 + L);
        FloatVector.fromArray(S, img, t2).add(c20).intoArray(img, t2);
        FloatVector.fromArray(S, img, t2 + L).add(c21).intoArray(img, t2 + L);
        FloatVector.fromArray(S, img, t3).add(c30).intoArray(img, t3);
        FloatVector.fromArray(S, img, t3 + L).add(c31).intoArray(img, t3 + L);
    }

    /**
     * acc[4 entries][TB channels] = sum over the lv positions of each of count samples of the image cells at
     * i0..i3 (broadcast) times dy's transposed block at d (TB channels per position, 2 vectors).
     */
    static void kernelWT(int lv, int count, float[] dyt, int d, int dyStride, float[] img, int i0, int i1, int i2, int i3,
                         int imageStride, float[] acc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        for (int n = 0; n < count; n++) {
            int e = d + n * dyStride, j0 = i0 + n * imageStride, j1 = i1 + n * imageStride, j2 = i2 + n * imageStride, j3 = i3 + n * imageStride;
            for (int v = 0; v < lv; v++) {
                int bp = e + v * TB;
                FloatVector b0 = FloatVector.fromArray(S, dyt, bp);
                FloatVector b1 = FloatVector.fromArray(S, dyt, bp + L);
                FloatVector x = FloatVector.broadcast(S, img[j0 + v]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = FloatVector.broadcast(S, img[j1 + v]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = FloatVector.broadcast(S, img[j2 + v]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = FloatVector.broadcast(S, img[j3 + v]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
            }
        }
        c00.intoArray(acc, 0);
        c01.intoArray(acc, L);
        c10.intoArray(acc, TB);
        c11.intoArray(acc, TB + L);
        c20.intoArray(acc, 2 * TB);
        c21.intoArray(acc, 2 * TB + L);
        c30.intoArray(acc, 3 * TB);
        c31.intoArray(acc, 3 * TB + L);
    }

    /** {@link #kernelW} with four dy rows, d0..d3: acc[4 x 4 vectors], for 512-bit vectors (32 registers). */
    static void kernelW4(int lv, int count, float[] dy, int d0, int d1, int d2, int d3, int dyStride, float[] img, int i0, int i1, int i2, int i3,
                         int imageStride, float[] acc) {
        FloatVector a00 = FloatVector.zero(S), a01 = FloatVector.zero(S), a02 = FloatVector.zero(S), a03 = FloatVector.zero(S);
        FloatVector a10 = FloatVector.zero(S), a11 = FloatVector.zero(S), a12 = FloatVector.zero(S), a13 = FloatVector.zero(S);
        FloatVector a20 = FloatVector.zero(S), a21 = FloatVector.zero(S), a22 = FloatVector.zero(S), a23 = FloatVector.zero(S);
        FloatVector a30 = FloatVector.zero(S), a31 = FloatVector.zero(S), a32 = FloatVector.zero(S), a33 = FloatVector.zero(S);
        for (int n = 0; n < count; n++) {
            int e0 = d0 + n * dyStride, e1 = d1 + n * dyStride, e2 = d2 + n * dyStride, e3 = d3 + n * dyStride;
            int j0 = i0 + n * imageStride, j1 = i1 + n * imageStride, j2 = i2 + n * imageStride, j3 = i3 + n * imageStride;
            for (int v = 0; v < lv; v += L) {
                FloatVector y0 = FloatVector.fromArray(S, dy, e0 + v), y1 = FloatVector.fromArray(S, dy, e1 + v);
                FloatVector y2 = FloatVector.fromArray(S, dy, e2 + v), y3 = FloatVector.fromArray(S, dy, e3 + v);
                FloatVector x = FloatVector.fromArray(S, img, j0 + v);
                a00 = y0.fma(x, a00);
                a10 = y1.fma(x, a10);
                a20 = y2.fma(x, a20);
                a30 = y3.fma(x, a30);
                x = FloatVector.fromArray(S, img, j1 + v);
                a01 = y0.fma(x, a01);
                a11 = y1.fma(x, a11);
                a21 = y2.fma(x, a21);
                a31 = y3.fma(x, a31);
                x = FloatVector.fromArray(S, img, j2 + v);
                a02 = y0.fma(x, a02);
                a12 = y1.fma(x, a12);
                a22 = y2.fma(x, a22);
                a32 = y3.fma(x, a32);
                x = FloatVector.fromArray(S, img, j3 + v);
                a03 = y0.fma(x, a03);
                a13 = y1.fma(x, a13);
                a23 = y2.fma(x, a23);
                a33 = y3.fma(x, a33);
            }
        }
        a00.intoArray(acc, 0);
        a01.intoArray(acc, L);
        a02.intoArray(acc, 2 * L);
        a03.intoArray(acc, 3 * L);
        a10.intoArray(acc, 4 * L);
        a11.intoArray(acc, 5 * L);
        a12.intoArray(acc, 6 * L);
        a13.intoArray(acc, 7 * L);
        a20.intoArray(acc, 8 * L);
        a21.intoArray(acc, 9 * L);
        a22.intoArray(acc, 10 * L);
        a23.intoArray(acc, 11 * L);
        a30.intoArray(acc, 12 * L);
        a31.intoArray(acc, 13 * L);
        a32.intoArray(acc, 14 * L);
        a33.intoArray(acc, 15 * L);
    }

    /** kernelS with 8 entries (16 accumulators, the 512-bit shape), added onto the image at v + target[e .. e + 7]. */
    static void kernelS8(int kb, float[] a, int ai, float[] b, int bi, int ldb, float[] img, int v, int[] target, int e) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int k = 0; k < kb; k++) {
            int bp = bi + k * ldb, ap = ai + k * 8;
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ap + 0]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ap + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ap + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ap + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ap + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ap + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[ap + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[ap + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        int t;
        t = v + target[e + 0];
        FloatVector.fromArray(S, img, t).add(c00).intoArray(img, t);
        FloatVector.fromArray(S, img, t + L).add(c01).intoArray(img, t + L);
        t = v + target[e + 1];
        FloatVector.fromArray(S, img, t).add(c10).intoArray(img, t);
        FloatVector.fromArray(S, img, t + L).add(c11).intoArray(img, t + L);
        t = v + target[e + 2];
        FloatVector.fromArray(S, img, t).add(c20).intoArray(img, t);
        FloatVector.fromArray(S, img, t + L).add(c21).intoArray(img, t + L);
        t = v + target[e + 3];
        FloatVector.fromArray(S, img, t).add(c30).intoArray(img, t);
        FloatVector.fromArray(S, img, t + L).add(c31).intoArray(img, t + L);
        t = v + target[e + 4];
        FloatVector.fromArray(S, img, t).add(c40).intoArray(img, t);
        FloatVector.fromArray(S, img, t + L).add(c41).intoArray(img, t + L);
        t = v + target[e + 5];
        FloatVector.fromArray(S, img, t).add(c50).intoArray(img, t);
        FloatVector.fromArray(S, img, t + L).add(c51).intoArray(img, t + L);
        t = v + target[e + 6];
        FloatVector.fromArray(S, img, t).add(c60).intoArray(img, t);
        FloatVector.fromArray(S, img, t + L).add(c61).intoArray(img, t + L);
        t = v + target[e + 7];
        FloatVector.fromArray(S, img, t).add(c70).intoArray(img, t);
        FloatVector.fromArray(S, img, t + L).add(c71).intoArray(img, t + L);
    }

    /**
     * acc[2 x 4 vectors] = dy rows d0, d1 times the image at i0..i3, lane by lane over lv positions of each of
     * count samples (dy and images at dyStride and imageStride apart): each lane keeps its own partial dot product
     * until {@link #reduceTile}.
     */
    static void kernelW(int lv, int count, float[] dy, int d0, int d1, int dyStride, float[] img, int i0, int i1, int i2, int i3,
                        int imageStride, float[] acc) {
        FloatVector a00 = FloatVector.zero(S), a01 = FloatVector.zero(S), a02 = FloatVector.zero(S), a03 = FloatVector.zero(S);
        FloatVector a10 = FloatVector.zero(S), a11 = FloatVector.zero(S), a12 = FloatVector.zero(S), a13 = FloatVector.zero(S);
        for (int n = 0; n < count; n++, d0 += dyStride, d1 += dyStride, i0 += imageStride, i1 += imageStride, i2 += imageStride, i3 += imageStride) {
            for (int v = 0; v < lv; v += L) {
                FloatVector y0 = FloatVector.fromArray(S, dy, d0 + v), y1 = FloatVector.fromArray(S, dy, d1 + v);
                FloatVector x = FloatVector.fromArray(S, img, i0 + v);
                a00 = y0.fma(x, a00);
                a10 = y1.fma(x, a10);
                x = FloatVector.fromArray(S, img, i1 + v);
                a01 = y0.fma(x, a01);
                a11 = y1.fma(x, a11);
                x = FloatVector.fromArray(S, img, i2 + v);
                a02 = y0.fma(x, a02);
                a12 = y1.fma(x, a12);
                x = FloatVector.fromArray(S, img, i3 + v);
                a03 = y0.fma(x, a03);
                a13 = y1.fma(x, a13);
            }
        }
        a00.intoArray(acc, 0);
        a01.intoArray(acc, L);
        a02.intoArray(acc, 2 * L);
        a03.intoArray(acc, 3 * L);
        a10.intoArray(acc, 4 * L);
        a11.intoArray(acc, 5 * L);
        a12.intoArray(acc, 6 * L);
        a13.intoArray(acc, 7 * L);
    }
}
