package org.nabla.cli;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nabla.adversarial.Attack;
import org.nabla.autograd.GradMode;
import org.nabla.data.Dataset;
import org.nabla.explain.Images;
import org.nabla.io.Json;
import org.nabla.tensor.Generator;
import org.nabla.tensor.RunContext;
import org.nabla.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nabla attack}: a trained classifier's accuracy on the test images and on their adversarial versions. */
@Command(name = "attack", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Attacks a trained image classifier on its test images with FGSM or PGD (L-inf or L2 ball of --eps in pixels, the image "
                + "range being 1): prints the clean and the adversarial accuracy (targeted: the share sent to the target class), writes "
                + "examples.png (rows of clean, adversarial and the perturbation magnified) and attack.json in --out.")
final class AttackCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "A run folder written by 'nabla train', or a checkpoint folder in it.")
    private Path run;

    @Option(names = "--method", paramLabel = "NAME", defaultValue = "pgd", description = "fgsm or pgd. Default: ${DEFAULT-VALUE}.")
    private String method;

    @Option(names = "--norm", paramLabel = "NAME", defaultValue = "linf", description = "linf or l2. Default: ${DEFAULT-VALUE}.")
    private String norm;

    @Option(names = "--eps", paramLabel = "E", defaultValue = "0.1", description = "The perturbation's budget in pixels. Default: ${DEFAULT-VALUE}.")
    private double eps;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "40", description = "PGD's steps. Default: ${DEFAULT-VALUE}.")
    private int steps;

    @Option(names = "--step-size", paramLabel = "A", description = "PGD's step. Default: 2.5 eps / steps.")
    private Double stepSize;

    @Option(names = "--target", paramLabel = "K", description = "A targeted attack towards class K (index or name). Default: untargeted.")
    private String target;

    @Option(names = "--n", paramLabel = "N", defaultValue = "1000", description = "Test images attacked (the first N). Default: ${DEFAULT-VALUE}.")
    private int n;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Seed of PGD's random starts. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "attack", description = "Folder of examples.png and attack.json. Default: ${DEFAULT-VALUE}.")
    private Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Kernel threads. Default: $NABLA_THREADS or the number of cores.")
    private Integer threads;

    private static final int BATCH = 250, EXAMPLES = 8;

    @Override
    public Integer call() throws Exception {
        Attack.Norm nrm = switch (norm) {
            case "linf" -> Attack.Norm.LINF;
            case "l2" -> Attack.Norm.L2;
            default -> throw new ParameterException(spec.commandLine(), "--norm must be linf or l2, got '" + norm + "'");
        };
        if (!(eps > 0) || steps < 1 || n < 1 || stepSize != null && !(stepSize > 0))
            throw new ParameterException(spec.commandLine(), "--eps and --step-size must be above 0, --steps and --n at least 1");
        Attack attack = switch (method) {
            case "fgsm" -> Attack.fgsm(nrm, eps);
            case "pgd" -> stepSize == null ? Attack.pgd(nrm, eps, steps) : new Attack(Attack.Method.PGD, nrm, eps, stepSize, steps, true);
            default -> throw new ParameterException(spec.commandLine(), "--method must be fgsm or pgd, got '" + method + "'");
        };
        int t = threads != null ? ThreadCount.check(spec, threads) : RunContext.defaultThreads();
        try (RunContext ctx = RunContext.of(t, Generator.global())) {
            return ctx.call(() -> attack(attack));
        }
    }

    private Integer attack(Attack attack) {
        long start = System.nanoTime();
        ImageClassifier c = ImageClassifier.load(run, "nabla attack");
        Integer goal = target != null ? c.classIndex(target) : null;
        Dataset test = c.testPixels(n);
        int count = test.size(), len = test.sampleLength();
        int[] s = c.sampleShape();
        Generator gen = new Generator(seed);
        int cleanRight = 0, advRight = 0, hits = 0, eligible = 0;
        List<BufferedImage> clean = new ArrayList<>(), adversarial = new ArrayList<>(), deltas = new ArrayList<>();
        List<String> examples = new ArrayList<>();
        for (int from = 0; from < count; from += BATCH) {
            int b = Math.min(BATCH, count - from);
            float[] px = new float[b * len];
            long[] y = new long[b];
            for (int i = 0; i < b; i++) {
                test.copyFeatures(from + i, px, i * len);
                y[i] = test.label(from + i);
            }
            Tensor x = Tensor.of(px, b, s[0], s[1], s[2]), labels = Tensor.of(y, b);
            Tensor targets = goal == null ? null : Tensor.full(goal, org.nabla.tensor.DType.INT64, b);
            Tensor adv = attack.perturb(c.pixels(), x, labels, targets, gen);
            long[] before, after;
            try (var g = GradMode.noGrad()) {
                before = c.pixels().call(x).argmax(1, false).toLongArray();
                after = c.pixels().call(adv).argmax(1, false).toLongArray();
            }
            for (int i = 0; i < b; i++) {
                if (before[i] == y[i]) cleanRight++;
                if (after[i] == y[i]) advRight++;
                if (goal != null && y[i] != goal) {
                    eligible++;
                    if (after[i] == goal) hits++;
                }
                if (clean.size() < EXAMPLES && before[i] == y[i]) {
                    clean.add(Images.image(x.select(0, i)));
                    adversarial.add(Images.image(adv.select(0, i)));
                    deltas.add(Images.image(adv.select(0, i).sub(x.select(0, i)).mul(0.5 / eps).add(0.5)));
                    examples.add(c.classNames().get((int) y[i]) + " -> " + c.classNames().get((int) after[i]));
                }
            }
        }
        double cleanAcc = (double) cleanRight / count, advAcc = (double) advRight / count;
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "%s on %d test images of %s%n", attack, count, c.run().config().dataset());
        w.printf(Locale.ROOT, "clean accuracy       %.2f%%%n", 100 * cleanAcc);
        w.printf(Locale.ROOT, "adversarial accuracy %.2f%%%n", 100 * advAcc);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("attack", attack.toString());
        json.put("images", count);
        json.put("clean_accuracy", cleanAcc);
        json.put("adversarial_accuracy", advAcc);
        if (goal != null) {
            double rate = eligible == 0 ? 0 : (double) hits / eligible;
            w.printf(Locale.ROOT, "sent to class %s     %.2f%% (of the %d images of other classes)%n", c.classNames().get(goal), 100 * rate, eligible);
            json.put("target", c.classNames().get(goal));
            json.put("target_success", rate);
        }
        if (!clean.isEmpty()) {
            List<BufferedImage> rows = new ArrayList<>(clean);
            rows.addAll(adversarial);
            rows.addAll(deltas);
            Images.writePng(Images.grid(rows, clean.size(), 96, 4), out.resolve("examples.png"));
            w.println("examples (true -> adversarial prediction): " + String.join(", ", examples));
        }
        json.put("seconds", (System.nanoTime() - start) * 1e-9);
        try {
            java.nio.file.Files.createDirectories(out);
            java.nio.file.Files.writeString(out.resolve("attack.json"), Json.writePretty(json) + "\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(out.resolve("attack.json") + ": cannot write: " + e.getMessage(), e);
        }
        w.printf(Locale.ROOT, "in %.1f s -> %s%n", (System.nanoTime() - start) * 1e-9, out);
        w.flush();
        return 0;
    }
}
