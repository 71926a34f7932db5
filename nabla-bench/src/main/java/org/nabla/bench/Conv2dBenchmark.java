package org.nabla.bench;

import java.util.concurrent.TimeUnit;
import org.nabla.tensor.Convolution;
import org.nabla.tensor.Generator;
import org.nabla.tensor.RunContext;
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
 * One conv2d layer with bias, forward + backward (input, weight and bias gradients) against a fixed upstream
 * gradient: LeNet-5's two conv layers and a 3x3 64-channel layer (the cases of {@code nabla bench conv}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow"})
public class Conv2dBenchmark {
    /** batch x cin x h x w -> cout, kernel, padding. */
    @Param({"lenet_conv1", "lenet_conv2", "conv3x3_64"})
    public String layer;

    @Param({"1", "2"})
    public int threads;

    /** The kernels' threads; each call enters it (thread-confined, and JMH may call from another thread than setup's). */
    private RunContext run;
    private Tensor x, w, bias, g;
    private int[] padding;
    private static final int[] ONE = {1, 1};

    @Setup
    public void setup() {
        int[] l = switch (layer) {       // batch, cin, h, w, cout, kernel, padding
            case "lenet_conv1" -> new int[] {64, 1, 28, 28, 6, 5, 2};
            case "lenet_conv2" -> new int[] {64, 6, 14, 14, 16, 5, 0};
            case "conv3x3_64" -> new int[] {128, 64, 32, 32, 64, 3, 1};
            default -> throw new IllegalArgumentException("unknown layer " + layer);
        };
        int batch = l[0], cin = l[1], h = l[2], wd = l[3], cout = l[4], k = l[5], p = l[6];
        run = RunContext.of(threads, 0);
        Generator gen = new Generator(0);
        double bound = 1 / Math.sqrt(cin * k * k);
        w = Tensor.rand(gen, cout, cin, k, k).mul(2 * bound).sub(bound).requiresGrad(true);
        bias = Tensor.rand(gen, cout).mul(2 * bound).sub(bound).requiresGrad(true);
        x = Tensor.randn(gen, batch, cin, h, wd).requiresGrad(true);
        g = Tensor.randn(gen, batch, cout, h + 2 * p - k + 1, wd + 2 * p - k + 1);
        padding = new int[] {p, p};
    }

    /** Clears the gradients, then forward and backward; returns the input gradient. */
    @Benchmark
    public Tensor forwardBackward() throws Exception {
        return run.call(() -> {
            w.setGrad(null);
            bias.setGrad(null);
            x.setGrad(null);
            Convolution.conv2d(x, w, bias, ONE, padding, ONE, 1).backward(g);
            return x.grad();
        });
    }

    @TearDown
    public void tearDown() { run.close(); }
}
