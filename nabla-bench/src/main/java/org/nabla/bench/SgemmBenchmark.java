package org.nabla.bench;

import java.util.concurrent.TimeUnit;
import org.nabla.backend.cpu.Parallel;
import org.nabla.backend.cpu.Sgemm;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * float32 [m x k] * [k x n]: the square sizes and the skinny products of training (the cases of {@code nabla bench gemm}).
 * GFLOP/s = 2 m k n / (ms/op * 1e6).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow"})
public class SgemmBenchmark {
    /** m x k x n. */
    @Param({"256x256x256", "512x512x512", "1024x1024x1024", "2048x2048x2048", "64x784x256", "256x800x120", "16384x150x16"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private int m, k, n;
    private Tensor a, b;
    private Sgemm.Matrix am, bm;
    private float[] c;

    @Setup
    public void setup() {
        String[] mkn = shape.split("x");
        m = Integer.parseInt(mkn[0]);
        k = Integer.parseInt(mkn[1]);
        n = Integer.parseInt(mkn[2]);
        Parallel.setThreads(threads);
        Generator gen = new Generator(0);
        a = Tensor.randn(gen, m, k);
        b = Tensor.randn(gen, k, n);
        am = new Sgemm.Matrix(a.toFloatArray(), 0, k, 1);
        bm = new Sgemm.Matrix(b.toFloatArray(), 0, n, 1);
        c = new float[m * n];
    }

    /** Through the tensor API: allocates and returns C. */
    @Benchmark
    public Tensor matmul() { return a.matmul(b); }

    /** The kernel alone: C += A * B into a preallocated C. */
    @Benchmark
    public float[] gemm() {
        Sgemm.gemm(m, n, k, am, bm, c, 0, n);
        return c;
    }
}
