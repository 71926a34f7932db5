package org.nabla.cli;

import java.util.List;
import org.nabla.backend.cpu.Parallel;
import org.nabla.data.Datasets;
import org.nabla.data.augment.Augment;
import org.nabla.models.Models;
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
    static final List<String> OPTIMIZERS = List.of("sgd", "adam", "adamw", "rmsprop", "adagrad", "adadelta");
    static final List<String> SCHEDULES = List.of("onecycle", "cosine", "step", "exponential", "plateau", "none");
    static final List<String> NORMALIZATIONS = List.of("standardize", "scale", "none");

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", defaultValue = "mlp",
            description = "Model: mlp (784-256-128-10 style perceptron), lenet5 (28x28 or 32x32 images), cnn (small VGG-style CNN for "
                    + "32x32 colour images and the 8x8 digits). Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "digits",
            description = "Dataset: digits (bundled 8x8 digits, split 80/20), mnist, fashion-mnist, cifar10 (from $NABLA_DATA). "
                    + "Default: ${DEFAULT-VALUE}.")
    String dataset;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training set. Default: 20 on digits, else 3.")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Samples per step. Default: 32 on digits, else 64.")
    Integer batchSize;

    @Option(names = "--optimizer", paramLabel = "NAME",
            description = "sgd, adam, adamw, rmsprop, adagrad or adadelta. Default: sgd for mlp, adam for the CNNs.")
    String optimizer;

    @Option(names = "--lr", paramLabel = "RATE",
            description = "Learning rate (the peak rate with onecycle). Default: sgd 0.1; adam/adamw 0.005 with onecycle, else 0.001; "
                    + "rmsprop 0.001; adagrad 0.01; adadelta 1.")
    Double lr;

    @Option(names = "--momentum", paramLabel = "M", description = "Momentum of sgd and rmsprop, in [0, 1). Default: 0.9 for sgd, 0 for rmsprop.")
    Double momentum;

    @Option(names = "--schedule", paramLabel = "NAME",
            description = "Learning-rate schedule: onecycle (per batch), cosine (per batch), step (x0.1 every third of the epochs), "
                    + "exponential (x0.9 per epoch), plateau (x0.1 after 2 epochs without a better validation loss), none. "
                    + "Default: onecycle.")
    String schedule;

    @Option(names = "--weight-decay", paramLabel = "L2", description = "Weight decay (decoupled for adamw). Default: 0.")
    Double weightDecay;

    @Option(names = "--augment", paramLabel = "SPEC",
            description = "Training-time augmentation, e.g. flip,crop:4 or rotate:10,translate:2 (see the list in errors). Default: none.")
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

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the split, the initial weights, the batch order, dropout and augmentation. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Kernel threads. Default: $NABLA_THREADS or the number of cores.")
    Integer threads;

    @Option(names = "--train-limit", paramLabel = "N", description = "Train on a stratified subset of N samples (quick runs). Default: all.")
    Integer trainLimit;

    @Option(names = "--test-limit", paramLabel = "N", description = "Evaluate on the first N test samples. Default: all.")
    Integer testLimit;

    /** The run's configuration: the options given, the recipe's values for the others; mistakes are one-line errors. */
    RunConfig resolve() {
        if (!Models.NAMES.contains(model)) throw mistake("unknown model '" + model + "'; available: " + String.join(", ", Models.NAMES));
        if (!Datasets.NAMES.contains(dataset))
            throw mistake("unknown dataset '" + dataset + "'; available: " + String.join(", ", Datasets.NAMES));
        boolean digits = dataset.equals("digits");
        int ep = positive("--epochs", epochs, digits ? 20 : 3);
        int batch = positive("--batch-size", batchSize, digits ? 32 : 64);
        String opt = choice("--optimizer", optimizer, OPTIMIZERS, model.equals("mlp") ? "sgd" : "adam");
        String sched = choice("--schedule", schedule, SCHEDULES, "onecycle");
        double rate = lr != null ? lr : defaultLr(opt, sched);
        if (!(rate > 0) || Double.isInfinite(rate)) throw mistake("--lr must be a positive number, got " + rate);
        double mom = momentum != null ? momentum : opt.equals("sgd") ? 0.9 : 0;
        if (!(mom >= 0 && mom < 1)) throw mistake("--momentum must be in [0, 1), got " + mom);
        if (momentum != null && !opt.equals("sgd") && !opt.equals("rmsprop"))
            throw mistake("--momentum applies to sgd and rmsprop, not " + opt + " (adam's beta1 plays its part)");
        double wd = weightDecay != null ? weightDecay : 0;
        if (!(wd >= 0) || Double.isInfinite(wd)) throw mistake("--weight-decay must be a non-negative number, got " + wd);
        String aug = augment != null ? augment.strip() : "none";
        try {
            Augment.parse(aug);
        } catch (IllegalArgumentException e) {
            throw mistake("--augment: " + e.getMessage());
        }
        double clip = clipGrad != null ? clipGrad : 0;
        if (clipGrad != null && (!(clip > 0) || Double.isInfinite(clip))) throw mistake("--clip-grad must be a positive number, got " + clipGrad);
        double val = valSplit != null ? valSplit : 0;
        if (!(val >= 0 && val < 1)) throw mistake("--val-split must be in [0, 1), got " + val);
        int patience = earlyStopping != null ? earlyStopping : 0;
        if (patience < 0) throw mistake("--early-stopping must be at least 1, got " + patience);
        if (patience > 0 && val == 0) throw mistake("--early-stopping watches the validation loss: give --val-split too (e.g. --val-split 0.1)");
        if (sched.equals("plateau") && val == 0) throw mistake("--schedule plateau watches the validation loss: give --val-split too");
        String norm = choice("--normalize", normalize, NORMALIZATIONS, "standardize");
        int t = threads != null ? threads : Parallel.defaultThreads();
        if (t < 1) throw mistake("--threads must be at least 1, got " + t);
        int trainN = limit("--train-limit", trainLimit), testN = limit("--test-limit", testLimit);
        return new RunConfig(model, dataset, ep, batch, opt, rate, mom, sched, wd, aug, val, patience, seed, t, norm, trainN, testN, clip);
    }

    static double defaultLr(String optimizer, String schedule) {
        return switch (optimizer) {
            case "sgd" -> 0.1;
            case "adam", "adamw" -> schedule.equals("onecycle") ? 0.005 : 0.001;
            case "rmsprop" -> 0.001;
            case "adagrad" -> 0.01;
            case "adadelta" -> 1.0;
            default -> throw new IllegalArgumentException("no default learning rate for " + optimizer);
        };
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

    private ParameterException mistake(String message) { return new ParameterException(spec.commandLine(), message); }
}
