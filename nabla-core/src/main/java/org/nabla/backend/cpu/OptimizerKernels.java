package org.nabla.backend.cpu;

import jdk.incubator.vector.FloatVector;
import org.nabla.backend.AdamStep;
import jdk.incubator.vector.VectorSpecies;

/**
 * One-pass optimiser updates over dense float32 arrays, vectorised and split between threads when long. Each
 * element goes through the same float operations in the same order as the scalar form (no fused multiply-adds;
 * vector sqrt and division are correctly rounded like the scalar ones), so the bits do not depend on the path.
 */
final class OptimizerKernels {
    private static final VectorSpecies<Float> S = Simd.FLOAT;
    private static final int L = S.length();
    /** Arrays at least this long are split between the threads. */
    private static final int SPLIT = 1 << 15;

    private OptimizerKernels() {}

    /** Adam's update of p, m (exp_avg), v (exp_avg_sq) and, for AMSGrad, vmax (else null) from the gradient g. */
    static void adam(AdamStep k, float[] p, float[] g, float[] m, float[] v, float[] vmax) {
        int n = p.length;
        if (n >= SPLIT) Parallel.forRange(n, 1024, (from, len) -> adam(k, p, g, m, v, vmax, from, from + len));
        else adam(k, p, g, m, v, vmax, 0, n);
    }

    private static void adam(AdamStep k, float[] p, float[] g, float[] m, float[] v, float[] vmax, int from, int to) {
        boolean l2 = k.wd() != 0;
        int i = from;
        for (int end = from + S.loopBound(to - from); i < end; i += L) {
            FloatVector d = FloatVector.fromArray(S, g, i);
            if (k.maximize()) d = d.neg();
            FloatVector pi = FloatVector.fromArray(S, p, i);
            if (k.decoupled()) pi = pi.mul(k.shrink());
            else if (l2) d = d.add(pi.mul(k.wd()));
            FloatVector mi = FloatVector.fromArray(S, m, i).mul(k.b1()).add(d.mul(k.a1()));
            mi.intoArray(m, i);
            FloatVector vi = FloatVector.fromArray(S, v, i).mul(k.b2()).add(d.mul(d).mul(k.a2()));
            vi.intoArray(v, i);
            if (vmax != null) {
                vi = FloatVector.fromArray(S, vmax, i).max(vi);
                vi.intoArray(vmax, i);
            }
            FloatVector denom = vi.sqrt().div(k.bc2()).add(k.eps());
            pi.add(mi.div(denom).mul(k.rate())).intoArray(p, i);
        }
        for (; i < to; i++) {
            float d = k.maximize() ? -g[i] : g[i];
            if (k.decoupled()) p[i] *= k.shrink();
            else if (l2) d = d + p[i] * k.wd();
            float mi = m[i] * k.b1();
            mi += k.a1() * d;
            m[i] = mi;
            float vi = v[i] * k.b2();
            vi += k.a2() * (d * d);
            v[i] = vi;
            if (vmax != null) vi = vmax[i] = Math.max(vmax[i], vi);
            float denom = (float) Math.sqrt(vi) / k.bc2() + k.eps();
            p[i] += k.rate() * (mi / denom);
        }
    }
}
