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

    @Option(names = "--class-weights", paramLabel = "W",
            description = "Class weights of the cross-entropy (classes and per-pixel segmentation), as PyTorch's weight=: one per class, "
                    + "e.g. 0.2,1,1, or auto (inverse class frequency of the training split: total / (classes x count)). Default: none.")
    String classWeights;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training set. Default: 9 for the small image models (resnet20, cifar_cnn, ...), 20 on digits, else 3.")
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

    @Option(names = "--snapshots", paramLabel = "N",
            description = "Snapshot ensemble (Huang et al. 2017): N cycles of cosine annealing with warm restarts from --lr (the restarts schedule, "
                    + "--epochs / N epochs each), the weights at the end of each saved as snapshots/cycle-K.safetensors for 'nabla ensemble RUN --snapshots'.")
    Integer snapshots;

    @Option(names = "--weight-decay", paramLabel = "L2", description = "Weight decay (decoupled for adamw). Default: 5e-4 for the small image models (not on biases and norms), else 0.")
    Double weightDecay;

    @Option(names = "--augment", paramLabel = "SPEC",
            description = "Training-time augmentation, e.g. flip,crop:4 or rotate:10,translate:2 (see the list in errors). "
                    + "Default: crops (and flips but on digits) for the small image models, else none.")
    String augment;

    @Option(names = "--adversarial", paramLabel = "SPEC",
            description = "Adversarial training (Madry et al.): train on attacks of each batch, in pixels: pgd:EPS[:STEPS] (L-inf, 10 steps "
                    + "by default), pgd-l2:EPS, fgsm:EPS, e.g. pgd:0.1. Image classifiers only. Default: none.")
    String adversarial;

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
            description = "Start from the weights of a run (its final checkpoint) or a .safetensors file of the same model; tensors of "
                    + "another shape (a head sized to other classes) keep fresh weights, listed in one line. Default: fresh seeded weights.")
    String initFrom;

    @Option(names = "--freeze", paramLabel = "PREFIX",
            description = "Keep the parameters whose name starts with PREFIX (e.g. 1. or features) as --init-from loaded them; repeatable.")
    List<String> freeze;

    @Option(names = "--aux-task", paramLabel = "NAME",
            description = "Multi-task learning: a second head on the model's trunk (its last Linear layer split off) learns NAME beside the classes: "
                    + "coarse (fashion-mnist: tops, footwear, other). Metrics of both heads go to the run folder. Default: none.")
    String auxTask;

    @Option(names = "--task-weights", paramLabel = "W,W|uncertainty",
            description = "With --aux-task: the loss is W1 x main loss + W2 x auxiliary loss (e.g. 1,0.5), or 'uncertainty' learns the weights "
                    + "(Kendall et al. 2018: sum of exp(-s_i) L_i + s_i). Default: 1,1.")
    String taskWeights;

    @Option(names = "--new-head", paramLabel = "PREFIX",
            description = "Keep fresh weights for the parameters whose name starts with PREFIX (a new head, e.g. 11. for lenet5, 5. for mlp) "
                    + "instead of loading them with --init-from; repeatable.")
    List<String> newHead;

    @Option(names = "--unfreeze-after", paramLabel = "N",
            description = "Train the --freeze parameters too from epoch N+1 on (gradual fine-tuning); needs --freeze. Default: they stay frozen.")
    Integer unfreezeAfter;

    @Option(names = "--lr-for", paramLabel = "PREFIX=RATE",
            description = "Learning rate of the parameters whose name starts with PREFIX (discriminative rates, e.g. 11.=0.01 for "
                    + "lenet5's head); repeatable, the first matching prefix wins, --lr for the rest.")
    List<String> lrFor;

    @Option(names = "--classes", paramLabel = "LIST",
            description = "Keep only these classes of the dataset (train and test), relabelled 0..k-1 in the order given: e.g. 5-9 or 0,2,4. "
                    + "Default: all.")
    String classes;

    @Option(names = "--per-class", paramLabel = "N",
            description = "Train on N samples of each class (a seeded stratified label budget, e.g. 100). Default: all.")
    Integer perClass;

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
    static final ImageRecipe SMALL_IMAGE_RECIPE = new ImageRecipe(9, 128, "nesterov", 0.1, "onecycle", 5e-4);

    /**
     * The models that train with an image recipe: the small models for 28x28 and 32x32 images (the CIFAR ResNets and
     * their SE variant, the reference CNN, the CIFAR VGG, DenseNet-BC and Inception); a new one adds its name here.
     */
    static final java.util.Map<String, ImageRecipe> IMAGE_RECIPES = java.util.Map.of("resnet20", SMALL_IMAGE_RECIPE,
            "resnet32", SMALL_IMAGE_RECIPE, "resnet56", SMALL_IMAGE_RECIPE, "se_resnet20", SMALL_IMAGE_RECIPE, "cifar_cnn", SMALL_IMAGE_RECIPE,
            "vgg_cifar", SMALL_IMAGE_RECIPE, "densenet_bc", SMALL_IMAGE_RECIPE, "inception_cifar", SMALL_IMAGE_RECIPE);

    /** The segmentation models' recipe (fcn, unet, segnet on mnist-seg): Adam, one-cycle to 0.003, batch 16, 4 epochs. */
    static final ImageRecipe SEGMENTATION_RECIPE = new ImageRecipe(4, 16, "adam", 3e-3, "onecycle", 0);

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
        ImageRecipe recipe = IMAGE_RECIPES.getOrDefault(m, org.nabla.models.segmentation.SegmentationModels.NAMES.contains(m) ? SEGMENTATION_RECIPE : null); // null: the generic defaults below
        int ep = positive("--epochs", epochs, recipe != null ? recipe.epochs() : digits ? 20 : 3);
        int batch = positive("--batch-size", batchSize, recipe != null ? recipe.batch() : digits ? 32 : 64);
        String opt = choice("--optimizer", optimizer, Optimizers.REGISTRY, recipe != null ? recipe.optimizer() : m.equals("mlp") ? "sgd" : "adam");
        int cycles = snapshotCycles(ep);
        String sched = choice("--schedule", schedule, Schedules.REGISTRY, cycles > 0 ? "restarts" : recipe != null ? recipe.schedule() : "onecycle");
        double rate = rate(recipe != null && opt.equals(recipe.optimizer()) ? recipe.lr() : defaultLr(opt, sched));
        double mom = momentum(opt);
        double wd = weightDecay(recipe != null ? recipe.weightDecay() : 0);
        String aug = augment != null ? augment.strip() : recipe != null ? ImageRecipe.augment(dataName) : "none";
        boolean dense = org.nabla.models.Models.REGISTRY.get(m).detector() || org.nabla.models.segmentation.SegmentationModels.NAMES.contains(m);
        try {
            if (dense) { // boxes and masks move with the flips, crops and zooms; the photometric steps touch the image alone
                org.nabla.data.augment.GeometricAugment.parse(aug, 64);
                Augment.parse(org.nabla.data.augment.GeometricAugment.photometric(aug));
            } else Augment.parse(aug);
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
        String weights = taskWeights(dataName);
        if (perClass != null && trainLimit != null) throw mistake("--per-class and --train-limit both choose the training samples: give one of them");
        RunConfig.Transfer transfer = new RunConfig.Transfer(newHeads(), classList(), limit("--per-class", perClass), lrByPrefix(), unfreezeAfter(ep));
        return new RunConfig(m, dataset, ep, batch, opt, rate, mom, sched, wd, aug, val, patience, seed, t, norm, trainN, testN, clip,
                loss != null ? loss : "", target != null ? target : "", initFrom != null ? initFrom : "", frozen, 0, cycles, transfer,
                auxTask != null ? auxTask : "", weights, recipe == null, classWeights(m));
    }

    /**
     * --class-weights as given ("" without it): "auto" or positive numbers; the count is checked against the classes
     * once the data is known ({@code Training.classWeights}).
     */
    private String classWeights(String m) {
        if (classWeights == null) return "";
        String s = classWeights.strip();
        if (org.nabla.models.Models.REGISTRY.get(m).detector()) throw mistake("--class-weights applies to classifiers and segmentation models, not the detector " + m);
        if (loss != null && !loss.equals("cross-entropy")) throw mistake("--class-weights weighs the cross-entropy; --loss " + loss + " takes none");
        if (s.equalsIgnoreCase("auto")) return "auto";
        for (String part : s.split(",", -1)) {
            double w;
            try {
                w = Double.parseDouble(part.strip());
            } catch (NumberFormatException e) {
                throw mistake("--class-weights: expected auto or numbers separated by commas (e.g. 0.2,1,1), got '" + part.strip() + "'");
            }
            if (!(w >= 0 && Double.isFinite(w))) throw mistake("--class-weights: weights must be finite and non-negative, got " + part.strip());
        }
        return s.replace(" ", "");
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
                "--init-from", initFrom, "--freeze", freeze, "--snapshots", snapshots, "--aux-task", auxTask, "--task-weights", taskWeights, "--class-weights", classWeights,
                "--new-head", newHead, "--unfreeze-after", unfreezeAfter, "--lr-for", lrFor, "--classes", classes, "--per-class", perClass);
        org.nabla.models.text.DateTranslator.Recipe r = org.nabla.models.text.DateTranslator.Recipe.defaults();
        int ep = positive("--epochs", epochs, r.epochs());
        int batch = positive("--batch-size", batchSize, r.batchSize());
        return new RunConfig(m, data, ep, batch, "adam", rate(r.lr()), 0, "none", 0, "none", 0, 0, seed, threads(), "none", 0, 0, clip(r.clipNorm()),
                "cross-entropy", "", "", List.of(), 0, 0, RunConfig.Transfer.NONE);
    }

    /** --task-weights of a multi-task run on {@code dataName} (checked with --aux-task); "" without --aux-task. */
    private String taskWeights(String dataName) {
        if (auxTask == null) {
            if (taskWeights != null) throw mistake("--task-weights weighs the losses of a multi-task run: give --aux-task too (e.g. --aux-task coarse)");
            return "";
        }
        try {
            AuxTask task = AuxTask.named(auxTask);
            if (!task.dataset().equals(dataName))
                throw mistake("--aux-task " + auxTask + " groups the classes of " + task.dataset() + ": give --dataset " + task.dataset() + ", not " + dataName);
            if (loss != null && !loss.equals("cross-entropy")) throw mistake("--loss " + loss + " does not apply with --aux-task: every head learns with cross-entropy");
            return AuxTask.checkWeights(taskWeights != null ? taskWeights : AuxTask.DEFAULT_WEIGHTS);
        } catch (IllegalArgumentException e) {
            throw mistake(e.getMessage());
        }
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
                "--train-limit", trainLimit, "--test-limit", testLimit, "--loss", loss, "--class-weights", classWeights, "--snapshots", snapshots, "--aux-task", auxTask,
                "--task-weights", taskWeights, "--classes", classes, "--per-class", perClass, "--unfreeze-after", unfreezeAfter);
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
                clip(r.clip()), "cross-entropy", "", initFrom != null ? initFrom : "", frozen(), chunk, 0,
                new RunConfig.Transfer(newHeads(), List.of(), 0, lrByPrefix(), 0));
    }

    /**
     * --snapshots: the cycles of a snapshot ensemble over {@code epochs} epochs (a divisor of them), which train with
     * the restarts schedule; 0 without the option.
     */
    private int snapshotCycles(int epochs) {
        if (snapshots == null) return 0;
        if (snapshots < 1) throw mistake("--snapshots must be at least 1, got " + snapshots);
        if (schedule != null && !schedule.equals("restarts"))
            throw mistake("--snapshots trains with the restarts schedule (cosine annealing with warm restarts), not --schedule " + schedule);
        if (epochs % snapshots != 0)
            throw mistake("--snapshots " + snapshots + " needs --epochs a multiple of " + snapshots + " (cycles of equal whole epochs), got " + epochs);
        return snapshots;
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

    /** --new-head's prefixes, which need --init-from and must not be frozen. */
    private List<String> newHeads() {
        List<String> heads = newHead != null ? newHead : List.of();
        if (!heads.isEmpty() && initFrom == null) throw mistake("--new-head keeps fresh weights among loaded ones: give --init-from RUN|FILE.safetensors too");
        for (String h : heads) {
            if (h.isEmpty()) throw mistake("--new-head needs a non-empty parameter name prefix");
            for (String f : freeze != null ? freeze : List.<String>of())
                if (h.startsWith(f) || f.startsWith(h)) throw mistake("--new-head " + h + " and --freeze " + f + " overlap: a new head must train");
        }
        return heads;
    }

    /** --unfreeze-after, which needs --freeze and must leave epochs to train the thawed parameters in. */
    private int unfreezeAfter(int epochs) {
        if (unfreezeAfter == null) return 0;
        if (freeze == null) throw mistake("--unfreeze-after thaws the --freeze parameters: give --freeze PREFIX too");
        if (unfreezeAfter < 1) throw mistake("--unfreeze-after must be at least 1, got " + unfreezeAfter);
        if (unfreezeAfter >= epochs)
            throw mistake("--unfreeze-after " + unfreezeAfter + " leaves no epoch to train the thawed parameters: it must be less than --epochs " + epochs);
        return unfreezeAfter;
    }

    /** --lr-for's PREFIX=RATE pairs, in order. */
    private java.util.Map<String, Double> lrByPrefix() {
        java.util.Map<String, Double> rates = new java.util.LinkedHashMap<>();
        for (String pair : lrFor != null ? lrFor : List.<String>of()) {
            int eq = pair.lastIndexOf('=');
            if (eq <= 0) throw mistake("--lr-for takes PREFIX=RATE (e.g. 11.=0.01), got '" + pair + "'");
            String prefix = pair.substring(0, eq);
            double rate;
            try {
                rate = Double.parseDouble(pair.substring(eq + 1));
            } catch (NumberFormatException e) {
                throw mistake("--lr-for " + pair + ": '" + pair.substring(eq + 1) + "' is not a number");
            }
            if (!(rate > 0) || Double.isInfinite(rate)) throw mistake("--lr-for " + pair + ": the rate must be a positive number");
            if (rates.put(prefix, rate) != null) throw mistake("--lr-for gives the prefix '" + prefix + "' twice");
        }
        return rates;
    }

    /** --classes: class numbers and ascending ranges, separated by commas (5-9, 0,2,4), each class once. */
    private List<Integer> classList() {
        if (classes == null) return List.of();
        List<Integer> out = new java.util.ArrayList<>();
        for (String part : classes.split(",", -1)) {
            String p = part.strip();
            java.util.regex.Matcher range = java.util.regex.Pattern.compile("(\\d{1,6})(?:-(\\d{1,6}))?").matcher(p);
            if (!range.matches()) throw mistake("--classes takes class numbers and ranges such as 5-9 or 0,2,4, got '" + classes + "'");
            int lo = Integer.parseInt(range.group(1)), hi = range.group(2) == null ? lo : Integer.parseInt(range.group(2));
            if (hi < lo) throw mistake("--classes: the range " + p + " runs backwards (write " + hi + "-" + lo + ")");
            for (int c = lo; c <= hi; c++) {
                if (out.contains(c)) throw mistake("--classes lists class " + c + " twice");
                out.add(c);
            }
        }
        return out;
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

    /** The optimizer's default rate: its one-cycle peak with the cyclic schedules, onecycle and restarts. */
    static double defaultLr(String optimizer, String schedule) {
        Optimizers.Kind k = Optimizers.REGISTRY.get(optimizer);
        return schedule.equals("onecycle") || schedule.equals("restarts") ? k.oneCycleLr() : k.lr();
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

    /** --adversarial as an attack, or null when not given. */
    org.nabla.adversarial.Attack adversarialAttack() {
        if (adversarial == null) return null;
        try {
            return org.nabla.adversarial.Attack.parse(adversarial);
        } catch (IllegalArgumentException e) {
            throw mistake("--adversarial " + e.getMessage());
        }
    }

    private ParameterException mistake(String message) { return new ParameterException(spec.commandLine(), message); }
}
