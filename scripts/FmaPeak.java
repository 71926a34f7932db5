import jdk.incubator.vector.*;
import java.util.*;
import java.util.concurrent.*;

/**
 * The JVM's FMA peak on this machine: a Vector-API loop of independent FMA chains (nothing else in it), on 1 and 2
 * threads, best of 5 runs each; the ceiling any Vector-API GEMM kernel can reach (BENCHMARKS.md, issue 10's GEMM items).
 *
 *   java --add-modules jdk.incubator.vector scripts/FmaPeak.java                    # the preferred width (512 on AVX-512)
 *   java --add-modules jdk.incubator.vector -XX:UseAVX=2 scripts/FmaPeak.java       # 256 bits, 16 registers
 *   -Dchains=8 (default 12), -Dbits=256 (256-bit species on an AVX-512 JVM)
 */
public class FmaPeak {
    static final VectorSpecies<Float> S = Integer.getInteger("bits", 0) == 256 ? FloatVector.SPECIES_256 : FloatVector.SPECIES_PREFERRED;
    static final int CH = Integer.getInteger("chains", 12);
    static volatile float sink;

    static float loop(long iters, float seed) {
        FloatVector x = FloatVector.broadcast(S, 1.0000001f), y = FloatVector.broadcast(S, seed);
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.broadcast(S, 1), c2 = FloatVector.broadcast(S, 2), c3 = FloatVector.broadcast(S, 3),
                c4 = FloatVector.broadcast(S, 4), c5 = FloatVector.broadcast(S, 5), c6 = FloatVector.broadcast(S, 6), c7 = FloatVector.broadcast(S, 7),
                c8 = FloatVector.broadcast(S, 8), c9 = FloatVector.broadcast(S, 9), c10 = FloatVector.broadcast(S, 10), c11 = FloatVector.broadcast(S, 11);
        if (CH == 8) {
            for (int i = 0; i < (int) iters; i++) {
                c0 = x.fma(c0, y); c1 = x.fma(c1, y); c2 = x.fma(c2, y); c3 = x.fma(c3, y);
                c4 = x.fma(c4, y); c5 = x.fma(c5, y); c6 = x.fma(c6, y); c7 = x.fma(c7, y);
                c0 = x.fma(c0, y); c1 = x.fma(c1, y); c2 = x.fma(c2, y); c3 = x.fma(c3, y);
                c4 = x.fma(c4, y); c5 = x.fma(c5, y); c6 = x.fma(c6, y); c7 = x.fma(c7, y);
                c0 = x.fma(c0, y); c1 = x.fma(c1, y); c2 = x.fma(c2, y); c3 = x.fma(c3, y);
                c4 = x.fma(c4, y); c5 = x.fma(c5, y); c6 = x.fma(c6, y); c7 = x.fma(c7, y);
            }
            return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).reduceLanes(VectorOperators.ADD);
        }
        for (int i = 0; i < (int) iters; i++) {
            c0 = x.fma(c0, y); c1 = x.fma(c1, y); c2 = x.fma(c2, y); c3 = x.fma(c3, y);
            c4 = x.fma(c4, y); c5 = x.fma(c5, y); c6 = x.fma(c6, y); c7 = x.fma(c7, y);
            c8 = x.fma(c8, y); c9 = x.fma(c9, y); c10 = x.fma(c10, y); c11 = x.fma(c11, y);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11).reduceLanes(VectorOperators.ADD);
    }

    public static void main(String[] args) throws Exception {
        long iters = 20_000_000L;
        for (int w = 0; w < 3; w++) sink += loop(iters / 10, w);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        for (int threads : new int[] {1, 2, 1, 2}) {
            double[] best = {0};
            for (int r = 0; r < 5; r++) {
                long t0 = System.nanoTime();
                List<Future<Float>> fs = new ArrayList<>();
                for (int t = 0; t < threads; t++) { float s = t; fs.add(pool.submit(() -> loop(iters, s))); }
                for (Future<Float> f : fs) sink += f.get();
                double sec = (System.nanoTime() - t0) / 1e9;
                best[0] = Math.max(best[0], threads * iters * (CH == 8 ? 24.0 : 12.0) * S.length() * 2 / sec / 1e9);
            }
            System.out.printf(CH + " chains: %d-bit FMA peak, %d thread(s): %.1f GFLOP/s (best of 5)%n", S.vectorBitSize(), threads, best[0]);
        }
        pool.shutdown();
    }
}
