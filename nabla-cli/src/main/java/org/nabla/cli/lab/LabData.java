package org.nabla.cli.lab;

import org.nabla.data.ArrayDataset;
import org.nabla.data.Mnist;
import org.nabla.data.Splits;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** The labs' data: stratified, seeded MNIST subsets as tensors, and the course's 2-d toy sets. */
final class LabData {
    private LabData() {}

    /** Inputs and int64 labels. */
    record Split(Tensor x, Tensor y) {
        int size() { return y.size(0); }

        /** The samples at {@code rows}. */
        Split rows(int[] rows) {
            Tensor idx = Tensor.of(java.util.Arrays.stream(rows).asLongStream().toArray(), rows.length);
            return new Split(x.indexSelect(0, idx), y.indexSelect(0, idx));
        }

        /** Other inputs (e.g. normalised), the same labels. */
        Split withX(Tensor newX) { return new Split(newX, y); }

        /** The same inputs, other labels. */
        Split withY(Tensor newY) { return new Split(x, newY); }
    }

    record TrainTest(Split train, Split test) {}

    /** MNIST's mean and standard deviation over the training pixels in [0, 1]. */
    static final double MNIST_MEAN = 0.1307, MNIST_STD = 0.3081;

    /**
     * {@code train} training and {@code test} test images of MNIST ($NABLA_DATA/mnist), stratified by class and drawn
     * with {@code seed}, as [N, 1, 28, 28] pixels in [0, 1].
     */
    static TrainTest mnist(int train, int test, long seed) {
        Generator g = new Generator(seed);
        return new TrainTest(sample(split(true), train, g), sample(split(false), test, g));
    }

    private static ArrayDataset mnistTrain, mnistTest;

    /** MNIST's training or test split, read once per process (the labs draw many subsets of it). */
    private static synchronized ArrayDataset split(boolean train) {
        if (train && mnistTrain == null) mnistTrain = Mnist.mnist(true);
        if (!train && mnistTest == null) mnistTest = Mnist.mnist(false);
        return train ? mnistTrain : mnistTest;
    }

    /** MNIST standardised with its training mean and deviation. */
    static TrainTest mnistStandardized(int train, int test, long seed) {
        TrainTest t = mnist(train, test, seed);
        return new TrainTest(standardize(t.train()), standardize(t.test()));
    }

    static Split standardize(Split s) { return s.withX(s.x().sub(MNIST_MEAN).div(MNIST_STD)); }

    private static Split sample(ArrayDataset d, int n, Generator g) {
        int[] rows = n >= d.size() ? java.util.stream.IntStream.range(0, d.size()).toArray() : Splits.stratifiedSample(d.labels(), n, g);
        float[] x = new float[rows.length * d.sampleLength()];
        long[] y = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            d.copyFeatures(rows[i], x, i * d.sampleLength());
            y[i] = d.label(rows[i]);
        }
        return new Split(Tensor.of(x, rows.length, 1, 28, 28), Tensor.of(y, rows.length));
    }

    /** The indices of the samples of {@code s} whose label is in {@code classes}. */
    static int[] withLabels(Split s, long... classes) {
        long[] y = s.y().toLongArray();
        return java.util.stream.IntStream.range(0, y.length).filter(i -> java.util.Arrays.stream(classes).anyMatch(c -> c == y[i])).toArray();
    }

    /**
     * A 2-d toy set of {@code n} points: "quadrants" (XOR: the sign of x1 * x2, 2 classes), "ring" (inside or outside a
     * circle, 2 classes) or "modes" (three Gaussian blobs, 3 classes).
     */
    static Split toy(String kind, int n, long seed) {
        Generator g = new Generator(seed);
        float[] x = new float[2 * n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            double a, b;
            switch (kind) {
                case "quadrants" -> {
                    a = 2 * g.nextDouble() - 1;
                    b = 2 * g.nextDouble() - 1;
                    y[i] = a * b > 0 ? 1 : 0;
                }
                case "ring" -> {
                    double r = i % 2 == 0 ? 0.5 * Math.sqrt(g.nextDouble()) : 0.7 + 0.3 * g.nextDouble(), t = 2 * Math.PI * g.nextDouble();
                    a = r * Math.cos(t);
                    b = r * Math.sin(t);
                    y[i] = i % 2;
                }
                case "modes" -> {
                    int k = i % 3;
                    double t = 2 * Math.PI * k / 3;
                    a = 0.6 * Math.cos(t) + 0.2 * g.nextGaussian();
                    b = 0.6 * Math.sin(t) + 0.2 * g.nextGaussian();
                    y[i] = k;
                }
                default -> throw new IllegalArgumentException("LabData.toy: unknown set '" + kind + "'");
            }
            x[2 * i] = (float) a;
            x[2 * i + 1] = (float) b;
        }
        return new Split(Tensor.of(x, n, 2), Tensor.of(y, n));
    }
}
