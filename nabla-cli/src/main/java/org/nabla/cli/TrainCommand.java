package org.nabla.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nabla.autograd.GradMode;
import org.nabla.data.Digits;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code nabla train}: trains a model on a dataset, one line per epoch, then the test accuracy. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Trains a model with minibatch SGD and momentum on a seeded 80/20 stratified train/test split.")
final class TrainCommand implements Callable<Integer> {
    private static final double TEST_FRACTION = 0.2;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", defaultValue = "mlp",
            description = "Model to train: mlp (a 64-hidden-10 ReLU perceptron). Default: ${DEFAULT-VALUE}.")
    private String model;

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "digits",
            description = "Dataset: digits (the bundled 8x8 handwritten digits, 1797 images). Default: ${DEFAULT-VALUE}.")
    private String dataset;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "20", description = "Passes over the training set. Default: ${DEFAULT-VALUE}.")
    private int epochs;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32", description = "Samples per SGD step. Default: ${DEFAULT-VALUE}.")
    private int batchSize;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.1", description = "Learning rate. Default: ${DEFAULT-VALUE}.")
    private double lr;

    @Option(names = "--momentum", paramLabel = "M", defaultValue = "0.9", description = "SGD momentum, in [0, 1). Default: ${DEFAULT-VALUE}.")
    private double momentum;

    @Option(names = "--hidden", paramLabel = "N", defaultValue = "64", description = "Hidden units of the mlp. Default: ${DEFAULT-VALUE}.")
    private int hidden;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed for the split, the initial weights and the batch order. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Override
    public Integer call() {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        Generator gen = new Generator(seed);
        Digits digits = Digits.load();
        TrainTestSplit split = TrainTestSplit.stratified(digits.labels().toLongArray(), Digits.CLASSES, TEST_FRACTION, gen);
        Tensor xTrain = digits.features().indexSelect(0, split.train()), yTrain = digits.labels().indexSelect(0, split.train());
        Tensor xTest = digits.features().indexSelect(0, split.test()), yTest = digits.labels().indexSelect(0, split.test());
        int nTrain = yTrain.numel(), nTest = yTest.numel();
        DigitsMlp mlp = new DigitsMlp(Digits.PIXELS, hidden, Digits.CLASSES, gen);
        out.printf(Locale.ROOT, "training mlp %d-%d-%d (%d parameters) on digits: %d train / %d test images, seed %d%n",
                Digits.PIXELS, hidden, Digits.CLASSES, mlp.parameterCount(), nTrain, nTest, seed);
        out.flush();

        long start = System.nanoTime();
        int testCorrect = 0;
        long[] order = new long[nTrain];
        Arrays.setAll(order, i -> i);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long epochStart = System.nanoTime();
            TrainTestSplit.shuffle(order, gen);
            double lossSum = 0;
            int trainCorrect = 0;
            for (int from = 0; from < nTrain; from += batchSize) {
                int size = Math.min(batchSize, nTrain - from);
                Tensor batch = Tensor.of(Arrays.copyOfRange(order, from, from + size), size);
                Tensor y = yTrain.indexSelect(0, batch);
                Tensor logits = mlp.logits(xTrain.indexSelect(0, batch));
                Tensor loss = DigitsMlp.loss(logits, y);
                loss.backward();
                mlp.step(lr, momentum);
                lossSum += loss.item() * size;
                trainCorrect += DigitsMlp.correct(logits, y);
            }
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            try (var noGrad = GradMode.noGrad()) {
                testCorrect = DigitsMlp.correct(mlp.logits(xTest), yTest);
            }
            out.printf(Locale.ROOT, "epoch %3d/%d  train loss %.4f  train acc %6.2f%%  test acc %6.2f%%  %,9.0f samples/s%n",
                    epoch, epochs, lossSum / nTrain, 100.0 * trainCorrect / nTrain, 100.0 * testCorrect / nTest, nTrain / seconds);
            out.flush();
        }
        out.printf(Locale.ROOT, "test accuracy %.2f%% (%d/%d) after %d epoch%s in %.1f s%n",
                100.0 * testCorrect / nTest, testCorrect, nTest, epochs, epochs == 1 ? "" : "s", (System.nanoTime() - start) / 1e9);
        out.flush();
        return 0;
    }

    private void validate() {
        if (!model.equals("mlp")) throw mistake("unknown model '" + model + "'; available: mlp");
        if (!dataset.equals("digits")) throw mistake("unknown dataset '" + dataset + "'; available: digits");
        if (epochs < 1) throw mistake("--epochs must be at least 1, got " + epochs);
        if (batchSize < 1) throw mistake("--batch-size must be at least 1, got " + batchSize);
        if (hidden < 1) throw mistake("--hidden must be at least 1, got " + hidden);
        if (!(lr > 0) || Double.isInfinite(lr)) throw mistake("--lr must be a positive number, got " + lr);
        if (!(momentum >= 0 && momentum < 1)) throw mistake("--momentum must be in [0, 1), got " + momentum);
    }

    private ParameterException mistake(String message) { return new ParameterException(spec.commandLine(), message); }
}
