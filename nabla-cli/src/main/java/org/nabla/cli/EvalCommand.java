package org.nabla.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nabla.data.Dataset;
import org.nabla.tensor.Generator;
import org.nabla.tensor.RunContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nabla eval}: a trained model's metrics on its dataset's test split. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluates a trained model on the test split of its dataset (or another with the same sample shape).")
final class EvalCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", description = "A run folder written by 'nabla train', or a checkpoint folder in it (none with --model FILE.onnx).")
    private Path run;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Evaluate on this dataset's test split. Default: the one trained on.")
    private String dataset;

    @Option(names = "--model", paramLabel = "NAME|FILE.onnx",
            description = "Load the weights into this model instead of the one trained; or evaluate an ONNX file (no RUN; needs --dataset).")
    private String model;

    @Option(names = "--normalize", paramLabel = "MODE",
            description = "With --model FILE.onnx (which carries no normalisation): none (pixels in [0, 1]), standardize or scale per channel, "
                    + "fitted on the dataset's training split as 'nabla train' does. Default: none.")
    private String normalize;

    @Option(names = "--test-limit", paramLabel = "N", description = "Evaluate on the first N test samples. Default: all.")
    private Integer testLimit;

    @Option(names = "--threads", paramLabel = "N", description = "Kernel threads. Default: $NABLA_THREADS or the number of cores.")
    private Integer threads;

    @Override
    public Integer call() throws Exception {
        if (testLimit != null && testLimit < 1)
            throw new ParameterException(spec.commandLine(), "--test-limit must be at least 1, got " + testLimit);
        int n = threads != null ? ThreadCount.check(spec, threads) : RunContext.defaultThreads();
        try (RunContext run = RunContext.of(n, Generator.global())) {
            return run.call(this::evaluate);
        }
    }

    private Integer evaluate() {
        if (ImportedModel.isOnnx(model)) return evaluateOnnx();
        if (run == null) throw new ParameterException(spec.commandLine(), "missing RUN: a run folder, or --model FILE.onnx");
        if (normalize != null) throw new ParameterException(spec.commandLine(), "--normalize applies with --model FILE.onnx; a run uses its training's normalisation");
        TrainedModel loaded = TrainedModel.load(run, model);
        if (loaded.task().equals(TrainedModel.LANGUAGE_MODEL)) return evaluateText(loaded);
        TrainedModel t = loaded.require(TrainedModel.SUPERVISED, "nabla eval").fusedForInference();
        String name = dataset != null ? dataset : t.config().dataset();
        int limit = testLimit != null ? testLimit : 0;
        Dataset test = RunData.test(name, t.config().target(), t.config().seed(), t.config().transfer().classes(), limit, t.normalizer());
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "evaluating %s from %s on %s (%d test samples)%n", t.config().model(), t.checkpoint(), name, test.size());
        Report report = t.classNames().isEmpty()
                ? RegressionReport.of(t.model(), test, org.nabla.nn.loss.Losses.REGISTRY.get(t.config().loss().isEmpty() ? "mse" : t.config().loss()).make().get())
                : EvalReport.of(t.model(), test, t.classes());
        report.print(w, "test", t.classNames());
        return 0;
    }

    /** An ONNX classifier on a dataset's test split. */
    private Integer evaluateOnnx() {
        if (run != null) throw new ParameterException(spec.commandLine(), "give either RUN or --model FILE.onnx, not both");
        if (dataset == null) throw new ParameterException(spec.commandLine(), "--model FILE.onnx needs --dataset NAME to evaluate on");
        ImportedModel m = ImportedModel.load(Path.of(model), dataset, normalize);
        Dataset test = m.test(dataset, testLimit != null ? testLimit : 0);
        int classes = m.classNames().size();
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "evaluating %s on %s (%d test samples, normalize %s)%n", model, dataset, test.size(), normalize == null ? "none" : normalize);
        Report report = EvalReport.of(m.module(), test, classes);
        report.print(w, "test", m.namesFor(classes));
        return 0;
    }

    /** A language model on its run's validation text (the end of its corpus), the state carried across chunks as in training. */
    private Integer evaluateText(TrainedModel t) {
        if (dataset != null || testLimit != null)
            throw new ParameterException(spec.commandLine(), (dataset != null ? "--dataset" : "--test-limit")
                    + " does not apply to a language model's run: it is evaluated on the validation text it was trained beside");
        TextTraining.TextData data = TextTraining.load(t.config());
        if (!data.vocabulary().characters().equals(t.vocabulary()))
            throw new IllegalArgumentException(t.checkpoint() + ": the corpus " + t.config().dataset() + " has changed since the run (another vocabulary)");
        org.nabla.data.TextStreams streams = TextTraining.validationStreams(t.config(), data);
        org.nabla.train.task.LanguageModelTask task = new org.nabla.train.task.LanguageModelTask(t.model(), null, true);
        double loss = 0, tokens = 0;
        try (var noGrad = org.nabla.autograd.GradMode.noGrad()) {
            for (org.nabla.data.Batch b : org.nabla.data.DataLoader.builder(streams).batchSize(streams.streams()).build()) {
                org.nabla.train.StepResult r = task.evalStep(b);
                loss += r.lossSum();
                tokens += r.lossWeight();
            }
        }
        double mean = loss / tokens;
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "evaluating %s from %s on the validation text of %s (%,d characters)%n", t.config().model(), t.checkpoint(),
                t.config().dataset(), (long) tokens);
        w.printf(Locale.ROOT, "validation: loss %.4f nats/char (%.3f bits/char), perplexity %.3f%n", mean, mean / Math.log(2), Math.exp(mean));
        return 0;
    }
}
