package org.nabla.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nabla.nn.Summary;
import org.nabla.io.Checkpoint;
import org.nabla.nn.Module;
import org.nabla.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nabla train}: trains a built-in model on a dataset, prints the test metrics and writes a run folder. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a model, prints progress and the test metrics, and writes a run folder: config.json, metrics.csv, "
                + "summary.json, checkpoint/, loss.png, accuracy.png, confusion.png, predictions.json and .png (classifiers: sample test predictions).",
                "Unset options take the model's recipe (e.g. lenet5: adam, onecycle to 0.005, batch 64, standardised inputs)."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private TrainOptions options;

    @Mixin
    private GenerativeOptions generative;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder to create. Default: runs/<model>-<dataset>-<date>-<time>.")
    private Path out;

    @Option(names = "--resume", paramLabel = "RUN",
            description = "Continue RUN (a run folder or checkpoint) from its last checkpoint, bit-exactly, with its configuration, "
                    + "to --epochs in all; writes a new run folder. Only --epochs, --threads and --out may be given with it.")
    private Path resume;

    @Option(names = "--doctor", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Watch the run and name what goes wrong (vanishing or exploding gradients, dead or saturated units, divergence, a plateau, "
                    + "a learning rate too low or too high, over-fitting, class imbalance) with the evidence and a fix; writes doctor.json. "
                    + "On by default (classifiers and regressors); --no-doctor turns it off.")
    private boolean doctor;

    /** The parsed options (for {@link RunRecipe#resolve}). */
    TrainOptions options() { return options; }

    @Override
    public Integer call() {
        if (GenerativeConfig.isGenerative(options.model)) {
            if (resume != null) throw new UsageError("--resume does not apply to " + options.model + " (train it again)");
            return trainGenerative(spec.commandLine().getOut());
        }
        if (generative.any())
            throw new UsageError("--code-size, --latent, --hidden, --beta, --decoder, --noise, --sparsity and --critic-steps apply to the generative models ("
                    + String.join(", ", GenerativeConfig.MODELS.keySet()) + ")");
        Checkpoint resumed = null;
        RunConfig c;
        if (resume != null) {
            try {
                resumed = Checkpoint.load(TrainedModel.checkpointDir(resume));
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                throw new IllegalArgumentException("--resume " + resume + ": " + e.getMessage().replace(resume + ": ", ""), e);
            }
            c = resumedConfig(resumed);
            if (options.adversarial != null) throw new UsageError("--adversarial cannot be given with --resume");
        } else {
            c = options.resolve();
        }
        PrintWriter w = spec.commandLine().getOut();
        if (c.bptt() > 0) return trainText(c, resumed, w);
        if (org.nabla.models.Models.REGISTRY.get(c.model()).seq2seq()) {
            if (resumed != null) throw new UsageError("--resume does not apply to " + c.model() + " (a run of a few minutes: train it again)");
            return trainSeq2Seq(c, w);
        }
        if (org.nabla.models.Models.REGISTRY.get(c.model()).detector()) {
            if (resumed != null) throw new UsageError("--resume does not apply to " + c.model() + " yet: train it again");
            return trainDetector(c, w);
        }
        RunData data = RunData.load(c);
        org.nabla.adversarial.Attack adversarial = options.adversarialAttack();
        if (adversarial != null && (data.regression() || c.multiTask() || data.sampleShape().length != 3))
            throw new UsageError("--adversarial trains single-task image classifiers; " + c.dataset() + " with " + c.model() + " is not one");
        Training.checkSteps(c, data);
        Training.loss(c, data); // a loss for the other kind of targets is refused before anything is written
        int[] input = new int[data.sampleShape().length + 1];
        input[0] = 1;
        System.arraycopy(data.sampleShape(), 0, input, 1, data.sampleShape().length);
        Module model = Training.model(c, data, w);
        Training.optimizer(c, model); // a --lr-for prefix that matches nothing is refused before anything is written
        Summary summary = Summary.of(model, input); // eval mode, no grad: the model is left as it was
        RunFolder folder = RunFolder.create(out, c.model() + "-" + folderLabel(c.dataset()));
        folder.writeJson(RunFolder.CONFIG, Training.metadata(c, data));
        w.printf(Locale.ROOT, "training %s (%,d parameters, %,d multiply-adds per sample) on %s: %d train%s / %d test samples of %s, %s%n",
                c.model(), summary.totalParams(), summary.totalMacs(), c.dataset(), data.train().size(),
                data.validation() == null ? "" : " / " + data.validation().size() + " validation", data.test().size(),
                shape(data.sampleShape()), data.regression() ? "a real-valued target (regression)" : data.classes() + " classes");
        w.printf(Locale.ROOT, "%s lr %s, %s schedule, batch %d, %d epoch%s, %s inputs, seed %d, %d thread%s%n", c.optimizer(), c.lr(),
                c.schedule(), c.batchSize(), c.epochs(), c.epochs() == 1 ? "" : "s", c.normalize().equals("none") ? "raw" : c.normalize() + "d",
                c.seed(), c.threads(), c.threads() == 1 ? "" : "s");
        if (c.clipGrad() > 0) w.printf(Locale.ROOT, "gradients clipped to a global L2 norm of %s%n", c.clipGrad());
        if (c.multiTask())
            w.printf(Locale.ROOT, "multi-task: heads %s (%d classes) and %s (%s), loss weights %s%n", AuxTask.MAIN_HEAD, data.classes(), c.auxTask(),
                    String.join(" / ", AuxTask.named(c.auxTask()).groups().groupNames()),
                    c.taskWeights().equals(AuxTask.UNCERTAINTY) ? "learned (uncertainty: exp(-s_i) L_i + s_i)" : c.taskWeights());
        if (!c.transfer().lrFor().isEmpty())
            w.printf(Locale.ROOT, "learning rates by parameter prefix: %s (the rest: %s)%n", String.join(", ", c.transfer().lrForText()), c.lr());
        if (!c.freeze().isEmpty())
            w.printf(Locale.ROOT, "frozen: %s%s%n", String.join(", ", c.freeze()),
                    c.transfer().unfreezeAfter() > 0 ? ", training from epoch " + (c.transfer().unfreezeAfter() + 1) : "");
        if (c.weightDecay() > 0)
            w.printf(Locale.ROOT, "weight decay %s%s%n", java.math.BigDecimal.valueOf(c.weightDecay()).stripTrailingZeros().toPlainString(),
                    c.decayBiasesAndNorms() ? "" : " (not on biases and norms)");
        if (!c.augment().equals("none")) w.printf(Locale.ROOT, "augmentation: %s%n", c.augment());
        if (adversarial != null) w.printf(Locale.ROOT, "adversarial training on %s examples of each batch%n", adversarial);
        if (c.batchSize() > data.train().size())
            w.printf(Locale.ROOT, "note: --batch-size %d is larger than the %d training samples: each epoch is one batch of all of them%n",
                    c.batchSize(), data.train().size());
        if (resumed != null) w.printf(Locale.ROOT, "resuming %s after epoch %d of %d%n", resume, resumed.epoch(), c.epochs());
        w.flush();
        RunDoctor watch = doctor ? RunDoctor.start(c, data, w) : null;
        Training.Result r;
        try {
            r = Training.run(c, data, model, resumed, folder, w, watch == null ? java.util.List.of() : java.util.List.of(watch.callback()), adversarial);
        } catch (org.nabla.train.NonFiniteException e) {
            if (watch != null) watch.diverged(e, folder);
            throw e;
        }
        r.test().print(w, "test", data.classNames());
        if (watch != null) watch.finish(r, folder);
        if (c.multiTask()) printHeads(w, r.testHeads());
        w.printf(Locale.ROOT, "%s after %d epoch%s: %,.0f training samples/s, %.1f s wall, peak heap %.0f MB%n",
                r.test().headline("test"), r.history().size(), r.history().size() == 1 ? "" : "s", r.samplesPerS(), r.seconds(),
                r.memory().heapMb());
        folder.writeResult(r, data);
        w.println("run folder: " + folder.dir());
        w.flush();
        return 0;
    }

    /** A language model on a text corpus: the run folder also holds samples.txt, generated after each epoch. */
    private int trainText(RunConfig c, Checkpoint resumed, PrintWriter w) {
        TextTraining.TextData data = TextTraining.load(c);
        TextTraining.trainStreams(c, data);
        TextTraining.validationStreams(c, data); // too short a text is refused before anything is written
        Module model = Training.model(c, data.vocabulary().size(), new int[] {c.bptt()});
        Summary summary = Summary.of(model, org.nabla.tensor.Tensor.zeros(org.nabla.tensor.DType.INT64, 1, c.bptt()));
        RunFolder folder = RunFolder.create(out, c.model() + "-" + folderLabel(c.dataset()));
        folder.writeJson(RunFolder.CONFIG, TextTraining.metadata(c, data));
        w.printf(Locale.ROOT, "training %s (%,d parameters) on %s: %,d training / %,d validation characters, a vocabulary of %d%n", c.model(),
                summary.totalParams(), c.dataset(), data.train().length, data.validation().length, data.vocabulary().size());
        if (data.dropped() > 0)
            w.printf(Locale.ROOT, "note: %d validation characters are not in the training text's vocabulary and were left out%n", data.dropped());
        w.printf(Locale.ROOT, "%s lr %s, %s schedule, %d streams of %d characters (truncated BPTT), %d epoch%s, seed %d, %d thread%s%n", c.optimizer(),
                c.lr(), c.schedule(), c.batchSize(), c.bptt(), c.epochs(), c.epochs() == 1 ? "" : "s", c.seed(), c.threads(), c.threads() == 1 ? "" : "s");
        if (c.clipGrad() > 0) w.printf(Locale.ROOT, "gradients clipped to a global L2 norm of %s%n", c.clipGrad());
        if (resumed != null) w.printf(Locale.ROOT, "resuming %s after epoch %d of %d%n", resume, resumed.epoch(), c.epochs());
        w.flush();
        TextTraining.Result r = TextTraining.run(c, data, model, resumed, folder, w, m -> new TextSamples(m, data.vocabulary(), folder.samplesTxt(), c.seed()));
        w.printf(Locale.ROOT, "validation loss %.4f nats/char (%.3f bits/char, perplexity %.3f), next-character accuracy %.2f%% after %d epoch%s: "
                        + "%,.0f training characters/s, %.1f s wall, peak heap %.0f MB%n", r.validationLoss(), r.validationLoss() / Math.log(2),
                Math.exp(r.validationLoss()), 100 * r.validationAccuracy(), r.history().size(), r.history().size() == 1 ? "" : "s", r.tokensPerS(), r.seconds(),
                r.memory().heapMb());
        folder.writeTextResult(r, data);
        w.println("run folder: " + folder.dir());
        w.flush();
        return 0;
    }

    /** An autoencoder, VAE or GAN on MNIST or Fashion-MNIST ({@link GenerativeTraining}). */
    private int trainGenerative(PrintWriter w) {
        boolean datasetGiven = spec.commandLine().getParseResult().hasMatchedOption("--dataset");
        GenerativeConfig c = GenerativeConfig.resolve(options.model, options, datasetGiven, generative);
        GenerativeTraining.Data data = GenerativeTraining.load(c);
        RunFolder folder = RunFolder.create(out, c.model() + "-" + folderLabel(c.dataset()));
        folder.writeJson(RunFolder.CONFIG, GenerativeTraining.metadata(c, data));
        w.printf(Locale.ROOT, "training %s (%s) on %s: %d train / %d test images of %s%n", c.model(), GenerativeConfig.MODELS.get(c.model()), c.dataset(),
                data.train().size(), data.test().size(), shape(data.sampleShape()));
        w.printf(Locale.ROOT, "adam lr %s betas (%s, %s), batch %d, %d epoch%s, seed %d, %d thread%s%n", c.lr(), c.beta1(), c.beta2(), c.batchSize(), c.epochs(),
                c.epochs() == 1 ? "" : "s", c.seed(), c.threads(), c.threads() == 1 ? "" : "s");
        w.flush();
        java.util.Map<String, Object> s = GenerativeTraining.run(c, data, folder, w);
        w.println("test: " + org.nabla.io.Json.write(s.get("test")));
        w.printf(Locale.ROOT, "%d epoch%s: %,.0f training samples/s, %.1f s wall%n", (Integer) s.get("epochs_run"), c.epochs() == 1 ? "" : "s",
                (Double) s.get("train_samples_per_s"), (Double) s.get("wall_seconds"));
        w.println("run folder: " + folder.dir());
        w.flush();
        return 0;
    }

    /** Each head's test accuracy and loss, and learned loss weights if any. */
    private static void printHeads(PrintWriter w, java.util.Map<String, Double> heads) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        heads.forEach((k, v) -> {
            if (k.endsWith("_accuracy")) {
                String head = k.substring(0, k.length() - "_accuracy".length());
                String weight = heads.containsKey(head + "_weight") ? String.format(Locale.ROOT, ", learned weight %.3f", heads.get(head + "_weight")) : "";
                parts.add(String.format(Locale.ROOT, "%s %.2f%% (loss %.4f%s)", head, 100 * v, heads.get(head + "_loss"), weight));
            }
        });
        w.println("test accuracy per head: " + String.join(", ", parts));
    }

    /** The dates translator: the run folder also holds attention-N.png, heat maps of what the decoder looked at. */
    private int trainSeq2Seq(RunConfig c, PrintWriter w) {
        org.nabla.data.HumanDates dates = org.nabla.data.HumanDates.standard();
        org.nabla.models.text.Seq2Seq model = (org.nabla.models.text.Seq2Seq) Training.model(c, org.nabla.data.HumanDates.outputVocabulary().size(),
                new int[] {dates.inputLength()});
        RunFolder folder = RunFolder.create(out, c.model() + "-" + folderLabel(c.dataset()));
        folder.writeJson(RunFolder.CONFIG, Seq2SeqTraining.metadata(c, dates));
        w.printf(Locale.ROOT, "training %s (%,d parameters) on %s: %,d training / %,d held-out pairs, %d source and %d output characters%n", c.model(),
                model.parameters().stream().mapToLong(p -> p.numel()).sum(), c.dataset(), dates.train().size(), dates.test().size(),
                dates.inputVocabulary().size(), org.nabla.data.HumanDates.outputVocabulary().size());
        w.printf(Locale.ROOT, "adam lr %s, batch %d, %d epoch%s, gradients clipped to %s, seed %d, %d thread%s%n", c.lr(), c.batchSize(), c.epochs(),
                c.epochs() == 1 ? "" : "s", c.clipGrad(), c.seed(), c.threads(), c.threads() == 1 ? "" : "s");
        w.flush();
        Seq2SeqTraining.Result r = Seq2SeqTraining.run(c, dates, model, folder, w);
        for (var a : r.examples()) w.printf(Locale.ROOT, "  %-32s -> %s%n", a.source(), a.output());
        w.printf(Locale.ROOT, "held-out exact match %.2f%% (%d dates) after %d epoch%s: %,.0f training pairs/s, %.1f s wall, peak heap %.0f MB%n",
                100 * r.exactMatch(), dates.test().size(), r.history().size(), r.history().size() == 1 ? "" : "s", r.samplesPerS(), r.seconds(), r.memory().heapMb());
        folder.writeSeq2SeqResult(r, dates);
        w.println("run folder: " + folder.dir());
        w.flush();
        return 0;
    }

    /** A detector on a box dataset: the run folder also holds predictions.png (ground truth next to predictions). */
    private int trainDetector(RunConfig c, PrintWriter w) {
        DetectionTraining.Data data = DetectionTraining.load(c);
        var model = (org.nabla.models.detection.Detector) Training.model(c, data.classNames().size(), data.sampleShape());
        RunFolder folder = RunFolder.create(out, c.model() + "-" + folderLabel(c.dataset()));
        folder.writeJson(RunFolder.CONFIG, DetectionTraining.metadata(c, data));
        w.printf(Locale.ROOT, "training %s (%,d parameters) on %s: %d train / %d test images of %s, %d classes, up to %d boxes per image%n", c.model(),
                model.parameters().stream().mapToLong(p -> p.numel()).sum(), c.dataset(), data.trainSplit().size(), data.testSplit().size(),
                shape(data.sampleShape()), data.classNames().size(), data.train().maxBoxes());
        w.printf(Locale.ROOT, "%s lr %s, %s schedule, batch %d, %d epoch%s, seed %d, %d thread%s%n", c.optimizer(), c.lr(), c.schedule(), c.batchSize(),
                c.epochs(), c.epochs() == 1 ? "" : "s", c.seed(), c.threads(), c.threads() == 1 ? "" : "s");
        w.flush();
        DetectionTraining.Result r = DetectionTraining.run(c, data, model, folder, w);
        w.printf(Locale.ROOT, "%s after %d epoch%s: %,.0f training images/s, %.1f s wall, peak heap %.0f MB%n", DetectionTraining.headline(r),
                r.history().size(), r.history().size() == 1 ? "" : "s", r.samplesPerS(), r.seconds(), r.memory().heapMb());
        DetectionTraining.write(folder, r, data);
        w.println("run folder: " + folder.dir());
        w.flush();
        return 0;
    }

    /**
     * The configuration of the run a checkpoint belongs to, trained to --epochs in all (default: its own epochs) on
     * --threads. Options that would change the run are refused; so is a checkpoint of another model.
     */
    private RunConfig resumedConfig(Checkpoint checkpoint) {
        String where = resume + "";
        if (!(checkpoint.config().get(Trainer.METADATA) instanceof java.util.Map<?, ?> meta) || !(meta.get("config") instanceof java.util.Map<?, ?> json))
            throw new IllegalArgumentException("--resume " + where + ": no run configuration in its checkpoint (it was not written by 'nabla train')");
        @SuppressWarnings("unchecked")
        RunConfig saved = RunConfig.fromJson((java.util.Map<String, Object>) json, where);
        if (options.model != null && !options.model.equals(saved.model()))
            throw new IllegalArgumentException("--resume " + where + ": that run trained " + saved.model() + ", not " + options.model);
        java.util.List<String> ignored = spec.commandLine().getParseResult().matchedOptions().stream().map(o -> o.longestName())
                .filter(n -> !java.util.List.of("--resume", "--epochs", "--threads", "--out").contains(n)).toList();
        if (!ignored.isEmpty())
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--resume continues the run as it was configured: "
                    + String.join(", ", ignored) + " cannot change it (only --epochs, --threads and --out can)");
        RunConfig c = options.epochs != null ? saved.withEpochs(options.epochs) : saved;
        if (c.epochs() <= checkpoint.epoch())
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--epochs " + c.epochs() + ": the run to resume has already trained "
                    + checkpoint.epoch() + " epoch" + (checkpoint.epoch() == 1 ? "" : "s") + "; give more epochs in all");
        return options.threads != null ? c.withThreads(options.threads()) : c;
    }

    /** The dataset in a folder name: "csv:data/houses.csv" becomes "csv-houses.csv". */
    static String folderLabel(String dataset) {
        int colon = dataset.indexOf(':');
        String label = colon < 0 ? dataset : dataset.substring(0, colon) + "-" + Path.of(dataset.substring(colon + 1)).getFileName();
        return label.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    static String shape(int[] s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length; i++) b.append(i == 0 ? "" : "x").append(s[i]);
        return b.toString();
    }
}
