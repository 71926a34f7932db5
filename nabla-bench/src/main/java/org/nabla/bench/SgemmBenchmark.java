package org.nabla.bench;

import java.util.concurrent.TimeUnit;
import org.nabla.backend.Backend;
import org.nabla.backend.Backends;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Layout;
import org.nabla.tensor.RunContext;
import org.nabla.tensor.Storage;
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
import org.openjdk.jmh.annotations.TearDown;
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

    /** The kernels' threads; each call enters it (thread-confined, and JMH may call from another thread than setup's). */
    private RunContext run;
    private final Backend backend = Backends.current();
    private Tensor a, b;
    private Storage as, bs, cs;
    private Layout la, lb, lc;

    @Setup
    public void setup() {
        String[] mkn = shape.split("x");
        int m = Integer.parseInt(mkn[0]), k = Integer.parseInt(mkn[1]), n = Integer.parseInt(mkn[2]);
        run = RunContext.of(threads, 0);
        Generator gen = new Generator(0);
        a = Tensor.randn(gen, m, k);
        b = Tensor.randn(gen, k, n);
        as = new Storage.F32(a.toFloatArray());
        bs = new Storage.F32(b.toFloatArray());
        cs = new Storage.F32(new float[m * n]);
        la = Layout.contiguous(new int[] {m, k});
        lb = Layout.contiguous(new int[] {k, n});
        lc = Layout.contiguous(new int[] {m, n});
    }

    /** Through the tensor API: allocates and returns C. */
    @Benchmark
    public Tensor matmul() throws Exception { return run.call(() -> a.matmul(b)); }

    /** The backend's GEMM alone: C += A * B into a preallocated C. */
    @Benchmark
    public Storage gemm() throws Exception {
        return run.call(() -> {
            backend.matmulInto(as, la, bs, lb, cs, lc);
            return cs;
        });
    }

    @TearDown
    public void tearDown() { run.close(); }
}
