package org.nabla.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision matrix multiply C += A * B in the BLIS style: B is packed into KC x NR column panels, A into
 * MC x KC row panels of MR rows, and a register-blocked micro-kernel (MR = 4 rows x two vectors) accumulates each
 * MR x NR tile of C with fused multiply-adds. A and B are read through arbitrary row/column strides, so transposed
 * operands are packed directly and never materialised. Large products are split between threads along the longer
 * side of C; each thread packs its own panels, so threads share nothing but the read-only inputs.
 */
public final class Sgemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int MR = 4, NR = 2 * L;
    private static final int KC = 256, MC = 128, NC = 2048;
    /** Below this many multiply-adds a product runs on one thread. */
    private static final long PARALLEL_THRESHOLD = 1L << 18;
    /** The largest operand (floats) packed whole and shared between the threads; larger ones are packed per thread. */
    private static final int SHARED_MAX = 1 << 21;
    /** Strips of C per thread in a parallel product, claimed dynamically. */
    private static final int STRIPS_PER_THREAD = 4;

    private Sgemm() {}

    /** A strided view of a matrix: element (i, j) is at data[offset + i * rowStride + j * colStride]. */
    public record Matrix(float[] data, int offset, int rowStride, int colStride) {
        Matrix shift(int rows, int cols) { return new Matrix(data, offset + rows * rowStride + cols * colStride, rowStride, colStride); }
    }

    /** C[m x n] += A[m x k] * B[k x n]; C is row-major with leading dimension ldc. */
    public static void gemm(int m, int n, int k, Matrix a, Matrix b, float[] c, int cOffset, int ldc) {
        if (m == 0 || n == 0 || k == 0) return;
        int threads = Parallel.threads();
        long work = (long) m * n * k;
        if (threads <= 1 || work < PARALLEL_THRESHOLD) {
            serial(m, n, k, a, b, c, cOffset, ldc);
            return;
        }
        boolean byRows = m >= n;
        long shared = byRows ? (long) roundUp(n, NR) * k : (long) roundUp(m, MR) * k;
        if (shared > SHARED_MAX) {
            splitUnshared(m, n, k, a, b, c, cOffset, ldc, threads, byRows);
            return;
        }
        // The operand every strip reads (B when C is cut into row strips, A for column strips) is packed once, the
        // threads packing shares of its panels; then the strips are claimed dynamically, a few per thread,
        // so a thread that starts late or runs slower takes fewer.
        int kc = kBlock(k);
        float[] packed = Scratch.floats(Scratch.Slot.GEMM_SHARED, (int) shared);
        int parts = STRIPS_PER_THREAD * threads;  // claimed dynamically, like the strips below
        Parallel.forEach(parts, t -> {
            if (byRows) packAll(n, k, kc, NC, NR, packed, t, parts, (j0, p0, nb, kb, out, at) -> packB(b, p0, j0, kb, nb, out, at));
            else packAll(m, k, kc, MC, MR, packed, t, parts, (i0, p0, mb, kb, out, at) -> packA(a, i0, p0, mb, kb, out, at));
        });
        int unit = byRows ? MR : NR, extent = byRows ? m : n;
        int strips = Math.min(STRIPS_PER_THREAD * threads, Math.ceilDiv(extent, unit));
        int per = roundUp(Math.ceilDiv(extent, strips), unit);
        Parallel.forEach(Math.ceilDiv(extent, per), t -> {
            int from = t * per, size = Math.min(per, extent - from);
            if (byRows) blocked(size, n, k, a.shift(from, 0), b, c, cOffset + from * ldc, ldc, null, packed);
            else blocked(m, size, k, a, b.shift(0, from), c, cOffset + from, ldc, packed, null);
        });
    }

    /** One strip of C per thread, each packing all it reads: for products whose shared operand is too large to pack whole. */
    private static void splitUnshared(int m, int n, int k, Matrix a, Matrix b, float[] c, int cOffset, int ldc, int threads, boolean byRows) {
        if (byRows) {
            int tasks = Math.min(threads, Math.ceilDiv(m, MR));
            int rowsPer = roundUp(Math.ceilDiv(m, tasks), MR);
            Parallel.forEach(tasks, t -> {
                int i0 = t * rowsPer, rows = Math.min(rowsPer, m - i0);
                if (rows > 0) serial(rows, n, k, a.shift(i0, 0), b, c, cOffset + i0 * ldc, ldc);
            });
        } else {
            int tasks = Math.min(threads, Math.ceilDiv(n, NR));
            int colsPer = roundUp(Math.ceilDiv(n, tasks), NR);
            Parallel.forEach(tasks, t -> {
                int j0 = t * colsPer, cols = Math.min(colsPer, n - j0);
                if (cols > 0) serial(m, cols, k, a, b.shift(0, j0), c, cOffset + j0, ldc);
            });
        }
    }

    /** The blocked product on the calling thread. */
    static void serial(int m, int n, int k, Matrix a, Matrix b, float[] c, int cOffset, int ldc) {
        if (m == 0 || n == 0 || k == 0) return;
        blocked(m, n, k, a, b, c, cOffset, ldc, null, null);
    }

    /**
     * k is cut into equal blocks (784 = 4 x 196, not 3 x 256 + 16): a short last block would pay a full pass of
     * C-tile loads and stores for a few multiply-adds.
     */
    private static int kBlock(int k) { return Math.ceilDiv(k, Math.ceilDiv(k, KC)); }

    /**
     * The blocked product. aAll / bAll, when not null, hold the whole of A / B already packed (see {@link #packAll});
     * otherwise each block is packed here into this thread's scratch panels.
     */
    private static void blocked(int m, int n, int k, Matrix a, Matrix b, float[] c, int cOffset, int ldc, float[] aAll, float[] bAll) {
        int kc = kBlock(k);
        int nc = Math.min(NC, roundUp(n, NR)), mc = Math.min(MC, roundUp(m, MR));
        float[] bPack = bAll != null ? bAll : Scratch.floats(Scratch.Slot.GEMM_B, kc * nc);
        float[] aPack = aAll != null ? aAll : Scratch.floats(Scratch.Slot.GEMM_A, mc * kc);
        float[] tile = Scratch.floats(Scratch.Slot.GEMM_TILE, MR * NR);
        for (int jc = 0; jc < n; jc += NC) {
            int nb = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += kc) {
                int kb = Math.min(kc, k - pc);
                int bBase = 0;
                if (bAll != null) bBase = jc * k + pc * roundUp(nb, NR);
                else packB(b, pc, jc, kb, nb, bPack, 0);
                for (int ic = 0; ic < m; ic += MC) {
                    int mb = Math.min(MC, m - ic);
                    int aBase = 0;
                    if (aAll != null) aBase = ic * k + pc * roundUp(mb, MR);
                    else packA(a, ic, pc, mb, kb, aPack, 0);
                    for (int jr = 0; jr < nb; jr += NR) {
                        int nr = Math.min(NR, nb - jr);
                        for (int ir = 0; ir < mb; ir += MR) {
                            int mr = Math.min(MR, mb - ir);
                            int cAt = cOffset + (ic + ir) * ldc + jc + jr;
                            if (mr == MR && nr == NR) {
                                kernel(kb, aPack, aBase + ir * kb, bPack, bBase + jr * kb, c, cAt, ldc);
                            } else {
                                java.util.Arrays.fill(tile, 0f);
                                kernel(kb, aPack, aBase + ir * kb, bPack, bBase + jr * kb, tile, 0, NR);
                                for (int i = 0; i < mr; i++)
                                    for (int j = 0; j < nr; j++) c[cAt + i * ldc + j] += tile[i * NR + j];
                            }
                        }
                    }
                }
            }
        }
    }

    /** Packs a block of panels: `rows` rows (of A) or columns (of B) from `first`, k from p0, kb deep, at out[at..]. */
    @FunctionalInterface
    private interface PanelPacker {
        void pack(int first, int p0, int rows, int kb, float[] out, int at);
    }

    /**
     * Share t of `parts` of packing the whole of one operand for {@link #blocked}, in blocks of `block` rows (MC of
     * A, NC of B) and panels of `unit` (MR, NR): block (r0, pc) lies at r0 * k + pc * roundUp(size, unit) and holds
     * the packer's panels; each share packs a run of every block's panels.
     */
    private static void packAll(int extent, int k, int kc, int block, int unit, float[] out, int t, int parts, PanelPacker packer) {
        for (int r0 = 0; r0 < extent; r0 += block) {
            int size = Math.min(block, extent - r0), panels = Math.ceilDiv(size, unit);
            int q0 = panels * t / parts, q1 = panels * (t + 1) / parts;
            if (q1 == q0) continue;
            for (int pc = 0; pc < k; pc += kc) {
                int kb = Math.min(kc, k - pc);
                packer.pack(r0 + q0 * unit, pc, Math.min((q1 - q0) * unit, size - q0 * unit), kb, out, r0 * k + pc * roundUp(size, unit) + q0 * unit * kb);
            }
        }
    }

    /** Packs A[i0.., p0..] (mb x kb) as panels of MR rows: panel r holds a[r*MR + 0..MR-1][p] for p = 0..kb-1, zero-padded. */
    private static void packA(Matrix a, int i0, int p0, int mb, int kb, float[] out, int outOff) {
        float[] d = a.data();
        int rs = a.rowStride(), cs = a.colStride();
        for (int ir = 0; ir < mb; ir += MR) {
            int mr = Math.min(MR, mb - ir);
            int base = outOff + ir * kb;
            int src = a.offset() + (i0 + ir) * rs + p0 * cs;
            for (int p = 0; p < kb; p++) {
                int o = base + p * MR, s = src + p * cs;
                for (int r = 0; r < mr; r++) out[o + r] = d[s + r * rs];
                for (int r = mr; r < MR; r++) out[o + r] = 0f;
            }
        }
    }

    /** Packs B[p0.., j0..] (kb x nb) as panels of NR columns: panel q holds b[p][q*NR + 0..NR-1] for p = 0..kb-1, zero-padded. */
    private static void packB(Matrix b, int p0, int j0, int kb, int nb, float[] out, int outOff) {
        float[] d = b.data();
        int rs = b.rowStride(), cs = b.colStride();
        for (int jr = 0; jr < nb; jr += NR) {
            int nr = Math.min(NR, nb - jr);
            int base = outOff + jr * kb;
            int src = b.offset() + p0 * rs + (j0 + jr) * cs;
            if (rs == 1 && cs != 1) {
                // B is a transposed view (columns contiguous): read each column sequentially, write it strided.
                for (int j = 0; j < nr; j++) {
                    int s = src + j * cs;
                    for (int p = 0; p < kb; p++) out[base + p * NR + j] = d[s + p];
                }
                for (int j = nr; j < NR; j++) for (int p = 0; p < kb; p++) out[base + p * NR + j] = 0f;
                continue;
            }
            for (int p = 0; p < kb; p++) {
                int o = base + p * NR, s = src + p * rs;
                if (cs == 1 && nr == NR) {
                    System.arraycopy(d, s, out, o, NR);
                } else {
                    for (int j = 0; j < nr; j++) out[o + j] = d[s + j * cs];
                    for (int j = nr; j < NR; j++) out[o + j] = 0f;
                }
            }
        }
    }

    /**
     * C[MR x NR] += Apanel * Bpanel over kb steps, with MR x 2 vector accumulators in registers. Measured here
     * (AVX2, 16 vector registers): 4 x 2 accumulators run near the FMA peak, while 6 x 2 or 4 x 3 make C2 spill
     * and run at half speed.
     */
    private static void kernel(int kb, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        // Indices are linear in p, so C2 can hoist the bounds checks out of the loop.
        for (int p = 0; p < kb; p++) {
            int bp = bi + p * NR, ap = ai + p * MR;
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
        // Written out rather than through a helper: the accumulators must not escape the loop, or C2 boxes them.
        FloatVector.fromArray(S, c, ci).add(c00).intoArray(c, ci);
        FloatVector.fromArray(S, c, ci + L).add(c01).intoArray(c, ci + L);
        ci += ldc;
        FloatVector.fromArray(S, c, ci).add(c10).intoArray(c, ci);
        FloatVector.fromArray(S, c, ci + L).add(c11).intoArray(c, ci + L);
        ci += ldc;
        FloatVector.fromArray(S, c, ci).add(c20).intoArray(c, ci);
        FloatVector.fromArray(S, c, ci + L).add(c21).intoArray(c, ci + L);
        ci += ldc;
        FloatVector.fromArray(S, c, ci).add(c30).intoArray(c, ci);
        FloatVector.fromArray(S, c, ci + L).add(c31).intoArray(c, ci + L);
    }

    private static int roundUp(int x, int m) { return Math.ceilDiv(x, m) * m; }
}
