package org.nabla.cli;

import java.util.List;
import org.nabla.data.Datasets;
import org.nabla.data.augment.Augment;
import org.nabla.nn.loss.Losses;
import org.nabla.optim.Optimizers;
import org.nabla.optim.schedule.Schedules;
import org.nabla.registry.Registry;
import org.nabla.tensor.RunContext;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The options of {@code nabla train} (and {@code nabla search}, which varies some of them). Unset options take
 * the model's recipe ({@link #resolve}): the settings measured to reach the issue targets on MNIST.
 */
final class TrainOptions {
    static final List<String> NORMALIZATIONS = List.of("standardize", "scale", "none");

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    /** The model when none is named. */
    static final String DEFAULT_MODEL = "mlp";

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", completionCandidates = Choices.Models.class,
            description = "Model: ${COMPLETION-CANDIDATES} (listed below). Default: " + DEFAULT_MODEL + ".")
    String model;

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "digits", completionCandidates = Choices.Datasets.class,
            description = "Dataset: ${COMPLETION-CANDIDATES}; csv:PATH and folder:PATH read a file or folder (listed below). "
                    + "Default: ${DEFAULT-VALUE}.")
    String dataset;

    @Option(names = "--target", paramLabel = "COLUMN",
            description = "The target column of a csv: dataset: integers are classes, numbers with fractions are regressed. Default: the last column.")
    String target;

    @Option(names = "--loss", paramLabel = "NAME", completionCandidates = Choices.Losses.class,
            description = "Loss: ${COMPLETION-CANDIDATES}. Default: cross-entropy for classes, mse for values.")
    String loss;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training set. Default: 6 for the small image models (resnet20, cifar_cnn, ...), 20 on digits, else 3.")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Samples per step. Default: 128 for the small image models, 32 on digits, else 64.")
    Integer batchSize;

    @Option(names = "--optimizer", paramLabel = "NAME", completionCandidates = Choices.Optimizers.class,
            description = "Optimizer: ${COMPLETION-CANDIDATES}. Default: sgd for mlp, nesterov for the small image models, adam for the others.")
    String optimizer;

    @Option(names = "--lr", paramLabel = "RATE",
            description = "Learning rate (the peak rate with onecycle). Default: the optimizer's (listed below).")
    Double lr;

    @Option(names = "--momentum", paramLabel = "M", description = "Momentum of sgd and rmsprop, in [0, 1). Default: 0.9 for sgd, 0 for rmsprop.")
    Double momentum;

    @Option(names = "--schedule", paramLabel = "NAME", completionCandidates = Choices.Schedules.class,
            description = "Learning-rate schedule: ${COMPLETION-CANDIDATES} (listed below). Default: onecycle.")
    String schedule;

    @Option(names = "--weight-decay", paramLabel = "L2", description = "Weight decay (decoupled for adamw). Default: 5e-4 for the small image models (not on biases and norms), else 0.")
    Double weightDecay;

    @Option(names = "--augment", paramLabel = "SPEC",
            description = "Training-time augmentation, e.g. flip,crop:4 or rotate:10,translate:2 (see the list in errors). "
                    + "Default: crops (and flips but on digits) for the small image models, else none.")
    String augment;

    @Option(names = "--clip-grad", paramLabel = "NORM",
            description = "Rescale the gradients whenever their global L2 norm exceeds NORM (torch.nn.utils.clip_grad_norm_). Default: no clipping.")
    Double clipGrad;

    @Option(names = "--val-split", paramLabel = "F", description = "Fraction of the training set held out for validation (stratified). Default: 0.")
    Double valSplit;

    @Option(names = "--early-stopping", paramLabel = "PATIENCE",
            description = "Stop after PATIENCE epochs without a better validation loss and keep the best weights (needs --val-split). Default: off.")
    Integer earlyStopping;

    @Option(names = "--normalize", paramLabel = "MODE",
            description = "Input normalisation fitted on the training split: standardize (per channel), scale (to [0, 1]), none. "
                    + "Default: standardize.")
    String normalize;

    @Option(names = "--init-from", paramLabel = "RUN|FILE",
            description = "Start from the weights of a run (its final checkpoint) or a .safetensors file of the same model. Default: fresh seeded weights.")
    String initFrom;

    @Option(names = "--freeze", paramLabel = "PREFIX",
            description = "Keep the parameters whose name starts with PREFIX (e.g. 1. or features) as --init-from loaded them; repeatable.")
    List<String> freeze;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the split, the initial weights, the batch order, dropout and augmentation. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Kernel threads. Default: $NABLA_THREADS or the number of cores.")
    Integer threads;

    @Option(names = "--bptt", paramLabel = "N",
            description = "Language models: characters per chunk (truncated backpropagation through time; a transformer's context). Default: 64.")
    Integer bptt;

    @Option(names = "--train-limit", paramLabel = "N", description = "Train on a stratified subset of N samples (quick runs). Default: all.")
    Integer trainLimit;

    @Option(names = "--test-limit", paramLabel = "N", description = "Evaluate on the first N test samples. Default: all.")
    Integer testLimit;

    /**
     * A language model's recipe, what its unset options default to: measured on Tiny Shakespeare (README).
     *
     * @param clip the gradient clipping norm: on by default for recurrent models
     */
    record TextRecipe(int epochs, int batch, String optimizer, double lr, String schedule, double clip, int bptt) {}

    /** The recurrent models' recipe (charrnn, charlstm, chargru), and that of any language model without one of its own. */
    static final TextRecipe DEFAULT_TEXT_RECIPE = new TextRecipe(5, 32, "adam", 2e-3, "cosine", 1.0, 64);

    /** Language models with a recipe of their own. */
    static final java.util.Map<String, TextRecipe> TEXT_RECIPES = java.util.Map.of("gpt", new TextRecipe(7, 32, "adamw", 2e-3, "cosine", 1.0, 64));

    /**
     * A small image model's recipe (the CIFAR-style models, for 28x28 and 32x32 images), what its unset options
     * default to, chosen for resnet20 on Fashion-MNIST (README, "Small image models"). The weight decay spares
     * the biases and the batch norms' scales and shifts.
     */
    record ImageRecipe(int epochs, int batch, String optimizer, double lr, String schedule, double weightDecay) {
        /**
         * Random crops of the zero-padded image (padding 4 on CIFAR's 32x32, 2 on the 28x28 sets), and horizontal
         * flips where a mirror image keeps its class (clothes and CIFAR's objects; not digits); none on other data.
         */
        static String augment(String dataset) {
            return switch (dataset) {
                case org.nabla.data.Cifar10.NAME -> "flip,crop:4";
                case "fashion-mnist" -> "flip,crop:2";
                case "mnist" -> "crop:2";
                default -> "none";
            };
        }
    }

    /** The recipe of the small image models: Nesterov SGD, one-cycle, batch 128, weight decay 5e-4. */
    static final ImageRecipe SMALL_IMAGE_RECIPE = new ImageRecipe(6, 128, "nesterov", 0.1, "onecycle", 5e-4);

    /**
     * The models that train with an image recipe: the CIFAR ResNets and the reference CNN. A small model for 28x28 or
     * 32x32 images (a CIFAR VGG, DenseNet-BC, ...) adds its name here to get the same defaults.
     */
    static final java.util.Map<String, ImageRecipe> IMAGE_RECIPES = java.util.Map.of("resnet20", SMALL_IMAGE_RECIPE,
            "resnet32", SMALL_IMAGE_RECIPE, "resnet56", SMALL_IMAGE_RECIPE, "cifar_cnn", SMALL_IMAGE_RECIPE);

    /** The run's configuration: the options given, the recipe's values for the others; mistakes are one-line errors. */
    RunConfig resolve() {
        String m = model != null ? model : DEFAULT_MODEL;
        if (!org.nabla.models.Models.REGISTRY.contains(m)) throw mistake(org.nabla.models.Models.REGISTRY.unknown(m));
        if (org.nabla.models.Models.REGISTRY.get(m).languageModel()) return resolveText(m);
        if (org.nabla.models.Models.REGISTRY.get(m).seq2seq()) return resolveSeq2Seq(m);
        if (bptt != null) throw mistake("--bptt applies to language models (" + String.join(", ", languageModels()) + "), not " + m);
        String dataName = datasetName();
        if (!Datasets.REGISTRY.contains(dataName)) throw mistake(Datasets.REGISTRY.unknown(dataName));
        Datasets.Kind kind = checkLocation(dataName, dataset);
        if (kind.isText()) throw mistake("--dataset " + dataName + " is text: train a language model on it (" + String.join(", ", languageModels()) + ")");
        if (target != null && !kind.takesTarget()) throw mistake("--target applies to a csv: dataset, not " + dataName);
        if (loss != null && !Losses.REGISTRY.contains(loss)) throw mistake("--loss: " + Losses.REGISTRY.unknown(loss));
        boolean digits = dataset.equals("digits");
        ImageRecipe recipe = IMAGE_RECIPES.get(m); // null: the generic defaults below
        int ep = positive("--epochs", epochs, recipe != null ? recipe.epochs() : digits ? 20 : 3);
        int batch = positive("--batch-size", batchSize, recipe != null ? recipe.batch() : digits ? 32 : 64);
        String opt = choice("--optimizer", optimizer, Optimizers.REGISTRY, recipe != null ? recipe.optimizer() : m.equals("mlp") ? "sgd" : "adam");
        String sched = choice("--schedule", schedule, Schedules.REGISTRY, recipe != null ? recipe.schedule() : "onecycle");
        double rate = rate(recipe != null && opt.equals(recipe.optimizer()) ? recipe.lr() : defaultLr(opt, sched));
        double mom = momentum(opt);
        double wd = weightDecay(recipe != null ? recipe.weightDecay() : 0);
        String aug = augment != null ? augment.strip() : recipe != null ? ImageRecipe.augment(dataName) : "none";
        try {
            Augment.parse(aug);
        } catch (IllegalArgumentException e) {
            throw mistake("--augment: " + e.getMessage());
        }
        double clip = clip(0);
        double val = valSplit != null ? valSplit : 0;
        if (!(val >= 0 && val < 1)) throw mistake("--val-split must be in [0, 1), got " + val);
        int patience = earlyStopping != null ? earlyStopping : 0;
        if (patience < 0) throw mistake("--early-stopping must be at least 1, got " + patience);
        if (patience > 0 && val == 0) throw mistake("--early-stopping watches the validation loss: give --val-split too (e.g. --val-split 0.1)");
        if (Schedules.REGISTRY.get(sched).needsValidation() && val == 0)
            throw mistake("--schedule " + sched + " watches the validation loss: give --val-split too");
        String norm = choice("--normalize", normalize, NORMALIZATIONS, "standardize");
        int t = threads();
        int trainN = limit("--train-limit", trainLimit), testN = limit("--test-limit", testLimit);
        List<String> frozen = frozen();
        return new RunConfig(m, dataset, ep, batch, opt, rate, mom, sched, wd, aug, val, patience, seed, t, norm, trainN, testN, clip,
                loss != null ? loss : "", target != null ? target : "", initFrom != null ? initFrom : "", frozen, 0, recipe == null);
    }

    /**
     * A sequence-to-sequence model's configuration: the dates, DateTranslator's recipe (Adam, no schedule) for the
     * unset options; the options that recipe has no use for are refused.
     */
    private RunConfig resolveSeq2Seq(String m) {
        String data = datasetOr(org.nabla.data.HumanDates.NAME);
        if (!data.equals(org.nabla.data.HumanDates.NAME)) throw mistake(m + " translates the dates: --dataset " + org.nabla.data.HumanDates.NAME + ", not " + data);
        refuse(m + " (Adam on the dates, validated on the 2,000 held-out dates)", "--target", target, "--augment", augment, "--normalize", normalize,
                "--early-stopping", earlyStopping, "--train-limit", trainLimit, "--test-limit", testLimit, "--loss", loss, "--optimizer", optimizer,
                "--schedule", schedule, "--momentum", momentum, "--weight-decay", weightDecay, "--val-split", valSplit, "--bptt", bptt,
                "--init-from", initFrom, "--freeze", freeze);
        org.nabla.models.text.DateTranslator.Recipe r = org.nabla.models.text.DateTranslator.Recipe.defaults();
        int ep = positive("--epochs", epochs, r.epochs());
        int batch = positive("--batch-size", batchSize, r.batchSize());
        return new RunConfig(m, data, ep, batch, "adam", rate(r.lr()), 0, "none", 0, "none", 0, 0, seed, threads(), "none", 0, 0, clip(r.clipNorm()),
                "cross-entropy", "", "", List.of(), 0, true);
    }

    /** The registered language models. */
    static List<String> languageModels() {
        return org.nabla.models.Models.REGISTRY.entries().stream().filter(e -> e.value().languageModel()).map(Registry.Entry::name).toList();
    }

    /**
     * A language model's configuration: a text corpus (Tiny Shakespeare unless --dataset names one), its recipe for
     * the unset options, --val-split the share of the text (at its end) that validates.
     */
    private RunConfig resolveText(String m) {
        String data = datasetOr(org.nabla.data.TextCorpus.TINY_SHAKESPEARE);
        int colon = data.indexOf(':');
        String dataName = colon < 0 ? data : data.substring(0, colon);
        if (!Datasets.REGISTRY.contains(dataName)) throw mistake(Datasets.REGISTRY.unknown(dataName));
        if (!Datasets.REGISTRY.get(dataName).isText())
            throw mistake(m + " is a language model: give it text (--dataset " + org.nabla.data.TextCorpus.TINY_SHAKESPEARE + " or text:PATH), not " + dataName);
        checkLocation(dataName, data);
        refuse("a language model (" + m + ")", "--target", target, "--augment", augment, "--normalize", normalize, "--early-stopping", earlyStopping,
                "--train-limit", trainLimit, "--test-limit", testLimit, "--loss", loss);
        TextRecipe r = TEXT_RECIPES.getOrDefault(m, DEFAULT_TEXT_RECIPE);
        int ep = positive("--epochs", epochs, r.epochs());
        int batch = positive("--batch-size", batchSize, r.batch());
        int chunk = positive("--bptt", bptt, r.bptt());
        String opt = choice("--optimizer", optimizer, Optimizers.REGISTRY, r.optimizer());
        String sched = choice("--schedule", schedule, Schedules.REGISTRY, r.schedule());
        double rate = rate(opt.equals(r.optimizer()) ? r.lr() : defaultLr(opt, sched));
        double val = valSplit != null ? valSplit : 0.1;
        if (!(val > 0 && val < 1)) throw mistake("--val-split must be in (0, 1) for a language model (the end of the text validates), got " + val);
        return new RunConfig(m, data, ep, batch, opt, rate, momentum(opt), sched, weightDecay(0), "none", val, 0, seed, threads(), "none", 0, 0,
                clip(r.clip()), "cross-entropy", "", initFrom != null ? initFrom : "", frozen(), chunk, true);
    }

    /** --dataset when given on the command line, else {@code fallback} (the default of a model family other than the classifiers). */
    private String datasetOr(String fallback) {
        var parsed = spec.commandLine().getParseResult();
        return parsed != null && parsed.hasMatchedOption("--dataset") ? dataset : fallback;
    }

    /** The registered dataset {@code name}, checked to be given a location ({@code csv:PATH}) exactly when it reads one. */
    private Datasets.Kind checkLocation(String name, String value) {
        Datasets.Kind kind = Datasets.REGISTRY.get(name);
        boolean hasPath = value.contains(":");
        if (kind.takesPath() && (!hasPath || value.endsWith(":"))) throw mistake("--dataset " + name + " reads a location: write --dataset " + name + ":PATH");
        if (!kind.takesPath() && hasPath) throw mistake("--dataset " + name + " takes no location, got '" + value + "'");
        return kind;
    }

    /** Refuses the options given among {@code namesAndValues} (name, value, name, value...): they do not apply to {@code what}. */
    private void refuse(String what, Object... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2)
            if (namesAndValues[i + 1] != null) throw mistake(namesAndValues[i] + " does not apply to " + what);
    }

    /** --lr, or {@code fallback}: a positive finite number. */
    private double rate(double fallback) {
        double rate = lr != null ? lr : fallback;
        if (!(rate > 0) || Double.isInfinite(rate)) throw mistake("--lr must be a positive number, got " + rate);
        return rate;
    }

    /** --momentum for {@code optimizer}, or its default (0 for one without momentum, which refuses the option). */
    private double momentum(String optimizer) {
        Optimizers.Kind kind = Optimizers.REGISTRY.get(optimizer);
        if (momentum != null && !kind.hasMomentum())
            throw mistake("--momentum applies to " + String.join(" and ", Optimizers.REGISTRY.entries().stream().filter(e -> e.value().hasMomentum())
                    .map(Registry.Entry::name).toList()) + ", not " + optimizer + (optimizer.startsWith("adam") ? " (adam's beta1 plays its part)" : ""));
        double mom = momentum != null ? momentum : kind.hasMomentum() ? kind.momentum() : 0;
        if (!(mom >= 0 && mom < 1)) throw mistake("--momentum must be in [0, 1), got " + mom);
        if (optimizer.equals("nesterov") && mom == 0) throw mistake("--momentum must be above 0 for nesterov (Nesterov momentum needs one), got 0");
        return mom;
    }

    /** --weight-decay, or {@code fallback}. */
    private double weightDecay(double fallback) {
        double wd = weightDecay != null ? weightDecay : fallback;
        if (!(wd >= 0) || Double.isInfinite(wd)) throw mistake("--weight-decay must be a non-negative number, got " + wd);
        return wd;
    }

    /** --clip-grad, or {@code fallback} (0: no clipping). */
    private double clip(double fallback) {
        if (clipGrad != null && (!(clipGrad > 0) || Double.isInfinite(clipGrad))) throw mistake("--clip-grad must be a positive number, got " + clipGrad);
        return clipGrad != null ? clipGrad : fallback;
    }

    /** --freeze's prefixes, which need --init-from. */
    private List<String> frozen() {
        List<String> frozen = freeze != null ? freeze : List.of();
        if (!frozen.isEmpty() && initFrom == null) throw mistake("--freeze keeps loaded weights: give --init-from RUN|FILE.safetensors too");
        for (String f : frozen) if (f.isEmpty()) throw mistake("--freeze needs a non-empty parameter name prefix");
        return frozen;
    }

    /** The registry name of --dataset: what precedes a colon ({@code csv:data.csv} is "csv"). */
    String datasetName() {
        int colon = dataset.indexOf(':');
        return colon < 0 ? dataset : dataset.substring(0, colon);
    }

    /** --threads, or the default. */
    int threads() {
        return ThreadCount.check(spec, threads != null ? threads : RunContext.defaultThreads());
    }

    /** The optimizer's default rate: its one-cycle peak with onecycle. */
    static double defaultLr(String optimizer, String schedule) {
        Optimizers.Kind k = Optimizers.REGISTRY.get(optimizer);
        return schedule.equals("onecycle") ? k.oneCycleLr() : k.lr();
    }

    private int positive(String name, Integer value, int fallback) {
        int v = value != null ? value : fallback;
        if (v < 1) throw mistake(name + " must be at least 1, got " + v);
        return v;
    }

    private int limit(String name, Integer value) {
        if (value == null) return 0;
        if (value < 1) throw mistake(name + " must be at least 1, got " + value);
        return value;
    }

    private String choice(String name, String value, List<String> choices, String fallback) {
        String v = value != null ? value : fallback;
        if (!choices.contains(v)) throw mistake(name + ": unknown '" + v + "'; available: " + String.join(", ", choices));
        return v;
    }

    private String choice(String name, String value, Registry<?> choices, String fallback) { return choice(name, value, choices.names(), fallback); }

    private ParameterException mistake(String message) { return new ParameterException(spec.commandLine(), message); }
}
