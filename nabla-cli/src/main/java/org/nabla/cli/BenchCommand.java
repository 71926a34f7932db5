package org.nabla.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nabla.autograd.GradMode;
import org.nabla.backend.Backend;
import org.nabla.backend.Backends;
import org.nabla.models.Gpt;
import org.nabla.models.Models;
import org.nabla.nn.Embedding;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Submodule;
import org.nabla.nn.loss.CrossEntropyLoss;
import org.nabla.nn.recurrent.LSTM;
import org.nabla.nn.recurrent.RecurrentConfig;
import org.nabla.optim.Adam;
import org.nabla.optim.AdamW;
import org.nabla.optim.Optimizer;
import org.nabla.optim.SGD;
import org.nabla.tensor.Convolution;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Layout;
import org.nabla.tensor.RunContext;
import org.nabla.tensor.Storage;
import org.nabla.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code nabla bench}: kernel throughput, one JSON line per case. The workloads, the timing ({@link StepTimer}) and
 * the field names are those of {@code ../shared/bench/pytorch/ref_bench.py} (subcommands sgemm, gemm_shapes and
 * conv_layers), so each line compares directly with PyTorch's on the same machine.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures kernel throughput: one JSON line per case on stdout, progress on stderr.",
                "Workloads and timing mirror ../shared/bench/pytorch/ref_bench.py; scripts/bench-vs-pytorch.sh runs both and prints the ratios."})
final class BenchCommand implements Callable<Integer> {
    static final int[] SGEMM_SIZES = {256, 512, 1024, 2048};
    /** The skinny products of training, {m, k, n}: [m x k] * [k x n]. */
    static final int[][] GEMM_SHAPES = {{64, 784, 256}, {256, 800, 120}, {16384, 150, 16}};
    static final List<ConvLayer> CONV_LAYERS = List.of(
            new ConvLayer("lenet_conv1", 64, 1, 28, 28, 6, 5, 2),
            new ConvLayer("lenet_conv2", 64, 6, 14, 14, 16, 5, 0),
            new ConvLayer("conv3x3_64", 128, 64, 32, 32, 64, 3, 1));

    /** One conv2d layer with bias, stride 1: input [batch, cin, h, w], a kernel x kernel weight, zero padding on each side. */
    record ConvLayer(String name, int batch, int cin, int h, int w, int cout, int kernel, int padding) {
        int outH() { return h + 2 * padding - kernel + 1; }

        int outW() { return w + 2 * padding - kernel + 1; }

        /** Multiply-adds x 2 of the forward, the input gradient and the weight gradient. */
        double flops() { return 3 * 2.0 * batch * cout * outH() * outW() * cin * kernel * kernel; }

        String shape() { return String.format(Locale.ROOT, "%dx%dx%dx%d->%d k%d p%d", batch, cin, h, w, cout, kernel, padding); }
    }

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "WHAT", defaultValue = "all",
            description = "What to measure: sgemm (square n = 256, 512, 1024, 2048), gemm_shapes (the skinny products of training), "
                    + "gemm (both), conv (conv2d forward + backward layers), all (gemm and conv), "
                    + "train (mlp and lenet: training and inference throughput of the reference models), mlp, lenet, "
                    + "lstm (the reference's char_lstm_train, tokens/s), gpt (the reference's gpt_train, tokens/s), "
                    + "cifar_cnn and resnet20 (the reference's cifar_cnn_train and resnet20_train, batch 128 of 3x32x32; resnet20 also inference, unfused and with batch norm folded into the convolutions), "
                    + "ssd (the single-shot detector's training step, batch 32 of 1x64x64, beside scripts/pytorch_ssd_reference.py), "
                    + "unet (the reference's unet_train: 11-class segmentation of 16 1x64x64 images). Default: ${DEFAULT-VALUE}.")
    private String what;

    @Option(names = "--threads", paramLabel = "N",
            description = "Kernel threads. Default: the pool's size (the cores, or NABLA_THREADS).")
    private Integer threads;

    @Option(names = "--min-time", paramLabel = "S", defaultValue = "3",
            description = "Timed seconds per case; gemm_shapes and conv cap it at 2, as the reference does. Default: ${DEFAULT-VALUE}.")
    private double minTime;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "1",
            description = "Warm-up seconds of the model cases (mlp, lenet) before timing, as the reference's --warmup. Default: ${DEFAULT-VALUE};"
                    + " on 2 cores the JIT needs 10-20 s to reach a model's steady state (scripts/bench-vs-pytorch.sh passes 20).")
    private double warmup;

    @Option(names = "--windows", paramLabel = "N", defaultValue = "3",
            description = "Timed windows per case; the median window is reported. Default: ${DEFAULT-VALUE}.")
    private int windows;

    @Option(names = "--retries", paramLabel = "N", defaultValue = "3",
            description = "Re-measure a window disturbed by other processes up to N times. Default: ${DEFAULT-VALUE}.")
    private int retries;

    @Option(names = "--max-foreign", paramLabel = "CORES", defaultValue = "0.15",
            description = "Cores used by other processes above which a window counts as disturbed. Default: ${DEFAULT-VALUE}.")
    private double maxForeign;

    @Option(names = "--wait-quiet", paramLabel = "S", defaultValue = "30",
            description = "Before each case wait up to S seconds for other processes to go quiet (0: off). Default: ${DEFAULT-VALUE}.")
    private double waitQuiet;

    private PrintWriter out, err;
    private StepTimer timer;
    /** Keeps each step's result reachable, so the JIT cannot drop the work. */
    private Object sink;

    @Override
    public Integer call() {
        validate();
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        timer = new StepTimer(new StepTimer.Settings(windows, retries, maxForeign, waitQuiet), err);
        try (RunContext run = RunContext.of(threads != null ? threads : RunContext.defaultThreads(), Generator.global())) {
            run.run(() -> {
                if (List.of("sgemm", "gemm", "all").contains(what)) sgemm();
                if (List.of("gemm_shapes", "gemm", "all").contains(what)) gemmShapes();
                if (List.of("conv", "all").contains(what)) convLayers();
                if (List.of("train", "mlp").contains(what)) mlp();
                if (List.of("train", "lenet").contains(what)) lenet();
                if (what.equals("lstm")) charLstm();
                if (what.equals("gpt")) gpt();
                if (what.equals("cifar_cnn")) train(cifarCnnWorkload());
                if (what.equals("resnet20")) {
                    Workload w = resnet20Workload();
                    train(w);
                    inferWithFusion("resnet20_infer", w.model(), w.x());
                }
                if (what.equals("vae")) generative(GenerativeBench.vae());
                if (what.equals("dcgan")) generative(GenerativeBench.dcgan());
                if (what.equals("ssd")) ssd();
                if (what.equals("unet")) train(unetWorkload());
            });
        }
        return 0;
    }

    private void sgemm() {
        progress("== sgemm (square) at %d threads", RunContext.active().threads());
        warmGemms(java.util.Arrays.stream(SGEMM_SIZES).mapToObj(n -> new int[] {n, n, n}).toArray(int[][]::new));
        for (int n : SGEMM_SIZES) {
            Map<String, Object> size = new LinkedHashMap<>();
            size.put("batch", n);
            size.put("size", n);
            gemm(n, n, n, minTime, size);
        }
    }

    private void gemmShapes() {
        progress("== skinny GEMM shapes at %d threads", RunContext.active().threads());
        warmGemms(GEMM_SHAPES);
        for (int[] s : GEMM_SHAPES) gemm(s[0], s[1], s[2], Math.min(minTime, 2), Map.of("batch", s[0]));
    }

    /**
     * Runs every shape of a group through both Nabla paths (Tensor.matmul, then the backend's GEMM alone) for about
     * 0.3 s each before any is timed, so the JIT has compiled them all. The timed cases then warm up as PyTorch's do.
     * Without it the first case of a group timed Tensor.matmul while C2 still compiled the GEMM on one of the two
     * cores (256x256x256 at 256 bits: 86 GFLOP/s through matmul against 135 for the GEMM timed after it, where the
     * two alternated in one process give 103 against 118).
     */
    private void warmGemms(int[][] shapes) {
        progress("JIT warm-up of both GEMM paths over %d shapes", shapes.length);
        Backend backend = Backends.current();
        for (int[] s : shapes) {
            int m = s[0], k = s[1], n = s[2];
            Generator gen = new Generator(0);
            Tensor a = Tensor.randn(gen, m, k), b = Tensor.randn(gen, k, n);
            Storage as = new Storage.F32(a.toFloatArray()), bs = new Storage.F32(b.toFloatArray()), cs = new Storage.F32(new float[m * n]);
            Layout la = Layout.contiguous(new int[] {m, k}), lb = Layout.contiguous(new int[] {k, n}), lc = Layout.contiguous(new int[] {m, n});
            long start = System.nanoTime();
            for (int steps = 1; steps <= 3 || System.nanoTime() - start < 600_000_000L; steps++) {
                sink = a.matmul(b);
                backend.matmulInto(as, la, bs, lb, cs, lc);
            }
        }
    }

    /** [m x k] * [k x n] in float32: through Tensor.matmul (allocates C each step), then the backend's GEMM alone (C += A * B in place). */
    private void gemm(int m, int k, int n, double seconds, Map<String, Object> extra) {
        Generator gen = new Generator(0);
        Tensor a = Tensor.randn(gen, m, k), b = Tensor.randn(gen, k, n);
        String shape = m + "x" + k + "x" + n;
        double gflop = 2.0 * m * k * n / 1e9;
        progress("sgemm %s: Tensor.matmul", shape);
        StepTimer.Measurement t = timer.time(() -> sink = a.matmul(b), seconds, Math.min(0.3, seconds), 2);
        emitGemm("sgemm_nabla", shape, gflop, t, extra);

        Backend backend = Backends.current();
        Storage as = new Storage.F32(a.toFloatArray()), bs = new Storage.F32(b.toFloatArray()), cs = new Storage.F32(new float[m * n]);
        Layout la = Layout.contiguous(new int[] {m, k}), lb = Layout.contiguous(new int[] {k, n}), lc = Layout.contiguous(new int[] {m, n});
        progress("sgemm %s: Backend.matmulInto", shape);
        t = timer.time(() -> backend.matmulInto(as, la, bs, lb, cs, lc), seconds, Math.min(0.3, seconds), 2);
        sink = cs;
        emitGemm("sgemm_nabla_raw", shape, gflop, t, extra);
    }

    private void emitGemm(String name, String shape, double gflop, StepTimer.Measurement t, Map<String, Object> extra) {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("name", name);
        rec.putAll(extra);
        rec.put("shape", shape);
        rec.put("gflops", gflop / t.perStep());
        rec.put("ms_per_step", t.perStep() * 1e3);
        timingFields(rec, t, gflop, "gflops");
        emit(rec);
    }

    private void convLayers() {
        progress("== conv2d layers (forward + backward) at %d threads", RunContext.active().threads());
        double seconds = Math.min(minTime, 2);
        for (ConvLayer l : CONV_LAYERS) {
            Generator gen = new Generator(0);
            double bound = 1 / Math.sqrt(l.cin() * l.kernel() * l.kernel());   // nn.Conv2d's default init range
            Tensor w = Tensor.rand(gen, l.cout(), l.cin(), l.kernel(), l.kernel()).mul(2 * bound).sub(bound).requiresGrad(true);
            Tensor bias = Tensor.rand(gen, l.cout()).mul(2 * bound).sub(bound).requiresGrad(true);
            Tensor x = Tensor.randn(gen, l.batch(), l.cin(), l.h(), l.w()).requiresGrad(true);
            Tensor g = Tensor.randn(gen, l.batch(), l.cout(), l.outH(), l.outW());
            int[] one = {1, 1}, padding = {l.padding(), l.padding()};
            progress("conv2d %s (%s)", l.name(), l.shape());
            StepTimer.Measurement t = timer.time(() -> {
                w.setGrad(null);
                bias.setGrad(null);
                x.setGrad(null);
                Convolution.conv2d(x, w, bias, one, padding, one, 1).backward(g);
            }, seconds, Math.min(0.5, seconds), 3);
            sink = x.grad();
            Map<String, Object> rec = new LinkedHashMap<>();
            rec.put("name", "conv2d_fwd_bwd");
            rec.put("layer", l.name());
            rec.put("batch", l.batch());
            rec.put("shape", l.shape());
            rec.put("gflops", l.flops() / t.perStep() / 1e9);
            rec.put("samples_per_s", l.batch() / t.perStep());
            rec.put("ms_per_step", t.perStep() * 1e3);
            timingFields(rec, t, l.batch(), "samples_per_s");
            emit(rec);
        }
    }

    /** The reference's mlp workload: 784-256-128-10, SGD(0.1, momentum 0.9), batches 64 and 256; inference on 1000. */
    private void mlp() {
        progress("== mlp training at %d threads", RunContext.active().threads());
        for (int b : new int[] {64, 256}) {
            Generator gen = new Generator(0);
            Module model = Models.mlp(gen);
            train("mlp_train", model, new SGD(model.parameters(), SGD.Options.defaults().withLr(0.1).withMomentum(0.9)),
                    Tensor.randn(gen, b, 784), Tensor.randint(gen, 0, 10, b), "SGD(lr=0.1,m=0.9)");
        }
        Generator gen = new Generator(0);
        infer("mlp_infer", Models.mlp(gen), Tensor.randn(gen, 1000, 784));
    }

    /** The reference's lenet workload: LeNet-5 on 1x28x28, Adam(1e-3), batches 64 and 256; inference on 1000. */
    private void lenet() {
        progress("== lenet5 training at %d threads", RunContext.active().threads());
        for (int b : new int[] {64, 256}) {
            Generator gen = new Generator(0);
            Module model = Models.lenet5(gen);
            train("lenet5_train", model, new Adam(model.parameters(), Adam.Options.defaults().withLr(1e-3)),
                    Tensor.randn(gen, b, 1, 28, 28), Tensor.randint(gen, 0, 10, b), "Adam(lr=1e-3)");
        }
        Generator gen = new Generator(0);
        infer("lenet5_infer", Models.lenet5(gen), Tensor.randn(gen, 1000, 1, 28, 28));
    }

    /** One model-training workload: the model, its optimiser (and how the reference names it), a fixed batch. */
    record Workload(String name, Module model, Optimizer optimizer, String optimizerName, Tensor x, Tensor y) {}

    /** The reference's cifar_cnn workload: its CIFAR CNN on a batch of 128 3x32x32 images, SGD(0.01, momentum 0.9). */
    static Workload cifarCnnWorkload() {
        Generator gen = new Generator(0);
        Module model = Models.create("cifar_cnn", new int[] {3, 32, 32}, 10, gen);
        return new Workload("cifar_cnn_train", model, new SGD(model.parameters(), SGD.Options.defaults().withLr(0.01).withMomentum(0.9)),
                "SGD(lr=0.01,m=0.9)", Tensor.randn(gen, 128, 3, 32, 32), Tensor.randint(gen, 0, 10, 128));
    }

    /** The reference's resnet20 workload: CIFAR ResNet-20 (1x1-conv + BN shortcuts) on 128 3x32x32 images, SGD(0.1, m 0.9, wd 1e-4). */
    static Workload resnet20Workload() {
        Generator gen = new Generator(0);
        Module model = Models.create("resnet20", new int[] {3, 32, 32}, 10, gen);
        return new Workload("resnet20_train", model,
                new SGD(model.parameters(), SGD.Options.defaults().withLr(0.1).withMomentum(0.9).withWeightDecay(1e-4)),
                "SGD(lr=0.1,m=0.9,wd=1e-4)", Tensor.randn(gen, 128, 3, 32, 32), Tensor.randint(gen, 0, 10, 128));
    }

    /**
     * One training step of the ssd (anchor matching, focal and smooth L1 losses, backward, Adam 1e-3) on a batch of
     * 32 random 1x64x64 images with 1-4 boxes each, laid out by {@link #ssdTargets} as scripts/pytorch_ssd_reference.py does.
     */
    private void ssd() {
        progress("== ssd training at %d threads", RunContext.active().threads());
        Generator gen = new Generator(0);
        int b = 32;
        org.nabla.models.detection.Detector model = (org.nabla.models.detection.Detector) Models.create("ssd", new int[] {1, 64, 64}, 10, gen);
        Adam opt = new Adam(model.parameters(), Adam.Options.defaults().withLr(1e-3));
        Tensor x = Tensor.rand(gen, b, 1, 64, 64), y = ssdTargets(b);
        model.train();
        progress("ssd_train batch %d", b);
        StepTimer.Measurement t = timer.time(() -> {
            opt.zeroGrad();
            model.loss(model.call(x), y).backward();
            opt.step();
        }, minTime, warmup, 3);
        Map<String, Object> rec = modelRecord("ssd_train", model, b, t);
        rec.put("image", "1x64x64");
        rec.put("optimizer", "Adam(lr=1e-3)");
        emit(rec);
    }

    /** Image i holds 1 + i % 4 boxes k: corner ((7i + 13k) % 40, (11i + 5k) % 40), size (10 + (i + k) % 15) x (16 + (3i + k) % 14), class (i + k) % 10. */
    static Tensor ssdTargets(int b) {
        float[] y = new float[b * 4 * 5];
        for (int i = 0; i < b; i++)
            for (int k = 0; k < 4; k++) {
                int o = (i * 4 + k) * 5;
                if (k > i % 4) {
                    y[o + 4] = -1;
                    continue;
                }
                int x1 = (7 * i + 13 * k) % 40, y1 = (11 * i + 5 * k) % 40;
                y[o] = x1;
                y[o + 1] = y1;
                y[o + 2] = x1 + 10 + (i + k) % 15;
                y[o + 3] = y1 + 16 + (3 * i + k) % 14;
                y[o + 4] = (i + k) % 10;
            }
        return Tensor.of(y, b, 4, 5);
    }

    /** The reference's unet workload: its U-Net (16-32-64-128, 11 classes) on 16 1x64x64 images, per-pixel cross-entropy, Adam(1e-3). */
    static Workload unetWorkload() {
        Generator gen = new Generator(0);
        Module model = Models.create("unet", new int[] {1, 64, 64}, 11, gen);
        return new Workload("unet_train", model, new Adam(model.parameters(), Adam.Options.defaults().withLr(1e-3)), "Adam(lr=1e-3)",
                Tensor.randn(gen, 16, 1, 64, 64), Tensor.randint(gen, 0, 11, 16, 64, 64));
    }

    private void train(Workload w) {
        progress("== %s at %d threads", w.name(), RunContext.active().threads());
        train(w.name(), w.model(), w.optimizer(), w.x(), w.y(), w.optimizerName());
    }

    /** The reference's char-level LSTM: embedding 64, two LSTM layers of 256 (batch-first), a linear head over the vocabulary. */
    private static final class CharLstm extends Module {
        private final Submodule<Embedding> embedding;
        private final Submodule<LSTM> lstm;
        private final Submodule<Linear> head;

        CharLstm(int vocab, int embed, int hidden, int layers, Generator gen) {
            embedding = registerModule("emb", Embedding.class, new Embedding(vocab, embed, null, gen));
            lstm = registerModule("lstm", LSTM.class, new LSTM(RecurrentConfig.of(embed, hidden).withNumLayers(layers).withBatchFirst(true), gen));
            head = registerModule("out", Linear.class, new Linear(hidden, vocab, true, gen));
        }

        /** tokens [B, T] -> logits [B, T, vocab], from a zero state every call. */
        @Override
        public Tensor forward(Tensor tokens) { return head.get().call(lstm.get().call(embedding.get().call(tokens))); }
    }

    /**
     * The reference's lstm workload (char_lstm_train): vocabulary 65, batch 32 of 64 steps, Adam(2e-3), cross-entropy
     * over every token, a zero initial state each step; tokens/s.
     */
    private void charLstm() {
        int vocab = 65, batch = 32, steps = 64;
        progress("== char_lstm training at %d threads", RunContext.active().threads());
        Generator gen = new Generator(0);
        CharLstm model = new CharLstm(vocab, 64, 256, 2, gen);
        Adam opt = new Adam(model.parameters(), Adam.Options.defaults().withLr(2e-3));
        Tensor x = Tensor.randint(gen, 0, vocab, batch, steps), y = Tensor.randint(gen, 0, vocab, batch, steps).reshape(-1);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("seq_len", steps);
        extra.put("optimizer", "Adam(lr=2e-3)");
        trainTokens("char_lstm_train", model, opt, x, y, vocab, extra);
    }

    /**
     * The reference's gpt workload (gpt_train): TinyGPT with vocabulary 65, block 64, 4 pre-norm layers of 4 heads,
     * width 128, no dropout; batch 32 of 64 tokens, AdamW(1e-3), cross-entropy over every token; tokens/s.
     */
    private void gpt() {
        Gpt.Config config = Gpt.Config.benchmark();
        int batch = 32, steps = config.block(), vocab = config.vocab();
        progress("== gpt training at %d threads", RunContext.active().threads());
        Generator gen = new Generator(0);
        Gpt model = new Gpt(config, gen);
        AdamW opt = new AdamW(model.parameters(), AdamW.Options.defaults().withLr(1e-3));
        Tensor x = Tensor.randint(gen, 0, vocab, batch, steps), y = Tensor.randint(gen, 0, vocab, batch, steps).reshape(-1);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("seq_len", steps);
        extra.put("layers", config.layers());
        extra.put("heads", config.heads());
        extra.put("dim", config.dim());
        extra.put("optimizer", "AdamW(lr=1e-3)");
        trainTokens("gpt_train", model, opt, x, y, vocab, extra);
    }

    /** One optimisation step per timed step of a token model: logits [B, T, vocab] against y [B * T], tokens/s. */
    private void trainTokens(String name, Module model, Optimizer opt, Tensor x, Tensor y, int vocab, Map<String, Object> extra) {
        int batch = x.size(0), steps = x.size(1);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        model.train();
        progress("%s batch %d x %d tokens", name, batch, steps);
        StepTimer.Measurement t = timer.time(() -> {
            opt.zeroGrad();
            loss.call(model.call(x).reshape(batch * steps, vocab), y).backward();
            opt.step();
        }, minTime, warmup, 3);
        int tokens = batch * steps;
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("name", name);
        rec.put("batch", batch);
        rec.put("tokens_per_s", tokens / t.perStep());
        rec.put("ms_per_step", t.perStep() * 1e3);
        rec.put("params", model.parameters().stream().mapToLong(Tensor::numel).sum());
        timingFields(rec, t, tokens, "tokens_per_s");
        rec.put("peak_heap_mb", peakHeapMb());
        rec.putAll(extra);
        emit(rec);
    }

    /** One optimisation step per timed step on a fixed batch: zero grads, forward, cross-entropy, backward, update. */
    private void train(String name, Module model, Optimizer opt, Tensor x, Tensor y, String optimizer) {
        model.train();
        CrossEntropyLoss loss = new CrossEntropyLoss();
        int b = x.size(0);
        progress("%s batch %d", name, b);
        StepTimer.Measurement t = timer.time(() -> {
            opt.zeroGrad();
            loss.call(model.call(x), y).backward();
            opt.step();
        }, minTime, warmup, 3);
        Map<String, Object> rec = modelRecord(name, model, b, t);
        rec.put("optimizer", optimizer);
        emit(rec);
    }

    /** A generative model's training step ({@link GenerativeBench}), timed like the others. */
    private void generative(GenerativeBench.Step s) {
        progress("== %s at %d threads", s.name(), RunContext.active().threads());
        StepTimer.Measurement t = timer.time(s.step(), minTime, warmup, 3);
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("name", s.name());
        rec.put("batch", s.batch());
        rec.put("samples_per_s", s.batch() / t.perStep());
        rec.put("ms_per_step", t.perStep() * 1e3);
        rec.put("params", s.params());
        timingFields(rec, t, s.batch(), "samples_per_s");
        rec.put("peak_heap_mb", peakHeapMb());
        rec.put("optimizer", s.optimizer());
        rec.putAll(s.extra());
        emit(rec);
    }

    private void infer(String name, Module model, Tensor x) {
        model.eval();
        int b = x.size(0);
        progress("%s batch %d", name, b);
        StepTimer.Measurement t;
        try (var s = GradMode.noGrad()) {
            t = timer.time(() -> sink = model.call(x), minTime, warmup, 3);
        }
        emit(modelRecord(name, model, b, t));
    }

    /** Inference as trained, then with batch norm folded into the convolutions (what eval and predict run). */
    private void inferWithFusion(String name, Module model, Tensor x) {
        infer(name, model, x);
        model.eval();
        org.nabla.nn.Fusion.fuseConvBn(model, x.narrow(0, 0, 1));
        infer(name + "_fused", model, x);
    }

    private Map<String, Object> modelRecord(String name, Module model, int batch, StepTimer.Measurement t) {
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("name", name);
        rec.put("batch", batch);
        rec.put("samples_per_s", batch / t.perStep());
        rec.put("ms_per_step", t.perStep() * 1e3);
        rec.put("params", model.parameters().stream().mapToLong(Tensor::numel).sum());
        timingFields(rec, t, batch, "samples_per_s");
        rec.put("peak_heap_mb", peakHeapMb());
        return rec;
    }

    /** The largest heap occupancy any collector pool has seen so far, in MB. */
    private static double peakHeapMb() {
        long peak = 0;
        for (var pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans())
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getPeakUsage() != null) peak += pool.getPeakUsage().getUsed();
        return peak / 1e6;
    }

    /** The fields every line carries: windows, steps, load; and the throughput of the slowest and fastest window. */
    private void timingFields(Map<String, Object> rec, StepTimer.Measurement t, double items, String key) {
        rec.put("gc_ms_per_step", t.gcSecondsPerStep() * 1e3);
        rec.put("alloc_mb_per_step", t.allocatedBytesPerStep() / 1e6);
        rec.put("steps", t.steps());
        rec.put("seconds", t.seconds());
        rec.put("windows", t.windows());
        if (!Double.isNaN(t.foreignCpu())) {
            rec.put("foreign_cpu", t.foreignCpu());
            rec.put("steal_cpu", t.stealCpu());
        }
        rec.put("tries", t.tries());
        rec.put(key + "_min", items / t.slowest());
        rec.put(key + "_max", items / t.fastest());
    }

    private void emit(Map<String, Object> rec) {
        rec.put("threads", RunContext.active().threads());
        rec.put("lib", "nabla");
        rec.put("java_version", Runtime.version().toString());
        rec.put("vector_bits", Backends.current().properties().get("vector_bits"));
        out.println(json(rec));
        out.flush();
    }

    /** One JSON object; doubles rounded like the reference (4 decimals below 10, else 2). */
    static String json(Map<String, Object> rec) {
        StringBuilder s = new StringBuilder("{");
        for (Map.Entry<String, Object> e : rec.entrySet()) {
            if (s.length() > 1) s.append(", ");
            s.append(quote(e.getKey())).append(": ");
            switch (e.getValue()) {
                case Double d when Double.isFinite(d) ->
                        s.append(BigDecimal.valueOf(d).setScale(Math.abs(d) < 10 ? 4 : 2, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString());
                case Double _ -> s.append("null");
                case Number n -> s.append(n);
                case String str -> s.append(quote(str));
                default -> throw new IllegalArgumentException("json: unsupported value " + e.getValue());
            }
        }
        return s.append('}').toString();
    }

    private static String quote(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') q.append('\\').append(c);
            else if (c < 0x20) q.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            else q.append(c);
        }
        return q.append('"').toString();
    }

    private void progress(String format, Object... args) {
        err.printf(Locale.ROOT, format + "%n", args);
        err.flush();
    }

    private void validate() {
        List<String> choices = List.of("sgemm", "gemm_shapes", "gemm", "conv", "all", "train", "mlp", "lenet", "lstm", "gpt", "cifar_cnn", "resnet20", "ssd", "unet", "vae", "dcgan");
        if (!choices.contains(what)) throw mistake("unknown benchmark '" + what + "'; available: " + String.join(", ", choices));
        if (threads != null) ThreadCount.check(spec, threads);
        if (!(warmup >= 0) || Double.isInfinite(warmup)) throw mistake("--warmup must be a non-negative number of seconds, got " + warmup);
        if (!(minTime > 0) || Double.isInfinite(minTime)) throw mistake("--min-time must be a positive number of seconds, got " + minTime);
        if (windows < 1) throw mistake("--windows must be at least 1, got " + windows);
        if (retries < 0) throw mistake("--retries must be at least 0, got " + retries);
        if (!(maxForeign >= 0)) throw mistake("--max-foreign must be at least 0, got " + maxForeign);
        if (!(waitQuiet >= 0)) throw mistake("--wait-quiet must be at least 0 seconds, got " + waitQuiet);
    }

    private ParameterException mistake(String message) { return new ParameterException(spec.commandLine(), message); }
}
