import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * How fast the machine itself is right now, with no Nabla code: a register-only FMA loop (the cores' vector peak)
 * and b += 1.0001 * a sweeps over 256 KB (L2), 4 MB (L3) and 64 MB (memory) on one thread. Run beside a benchmark
 * (scripts/bench-ab.sh --host) to tell a slow process from a slow machine.
 * Usage: java --add-modules jdk.incubator.vector scripts/HostCanary.java
 */
class HostCanary {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    static float fma(long iters) {
        FloatVector a0 = FloatVector.broadcast(S, 1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0;
        FloatVector x = FloatVector.broadcast(S, 0.999999f), y = FloatVector.broadcast(S, 1e-7f);
        for (long i = 0; i < iters; i++) {
            a0 = a0.fma(x, y); a1 = a1.fma(x, y); a2 = a2.fma(x, y); a3 = a3.fma(x, y); a4 = a4.fma(x, y);
            a5 = a5.fma(x, y); a6 = a6.fma(x, y); a7 = a7.fma(x, y); a8 = a8.fma(x, y); a9 = a9.fma(x, y);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).reduceLanes(VectorOperators.ADD);
    }

    static float sweep(float[] a, float[] b) {
        FloatVector k = FloatVector.broadcast(S, 1.0001f);
        for (int i = 0; i < a.length; i += S.length()) FloatVector.fromArray(S, a, i).fma(k, FloatVector.fromArray(S, b, i)).intoArray(b, i);
        return b[7];
    }

    static String bandwidth(int kb) {
        int n = kb * 256 / 2;
        float[] a = new float[n], b = new float[n];
        float s = 0;
        for (int w = 0; w < 200; w++) s += sweep(a, b);
        long t = System.nanoTime(), bytes = 0;
        while (System.nanoTime() - t < 700_000_000L) {
            s += sweep(a, b);
            bytes += 12L * n;
        }
        return String.format("%d KB %.0f GB/s%s", kb, bytes / ((System.nanoTime() - t) / 1e9) / 1e9, s == 1 ? " " : "");
    }

    public static void main(String[] args) {
        float s = 0;
        for (int w = 0; w < 5; w++) s += fma(1_000_000);
        long n = 200_000_000L, t = System.nanoTime();
        s += fma(n);
        double flops = n * 10.0 * S.length() * 2 / ((System.nanoTime() - t) / 1e9) / 1e9;
        System.out.printf("host (%d-bit): FMA %.0f GFLOP/s%s; %s, %s, %s%n", S.vectorBitSize(), flops, s == 1 ? " " : "",
                bandwidth(256), bandwidth(4096), bandwidth(65536));
    }
}
