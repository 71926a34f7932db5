package org.nabla.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nabla.autograd.GradMode;
import org.nabla.data.Batch;
import org.nabla.data.DataLoader;
import org.nabla.data.Dataset;
import org.nabla.io.SafeTensors;
import org.nabla.models.Models;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.nn.loss.CrossEntropyLoss;
import org.nabla.optim.Adam;
import org.nabla.optim.Optimizer;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.train.Trainer;

/**
 * The LeNet-5 that judges samples: trained once per dataset on its real training images (pixels in [0, 1], Adam 1e-3,
 * batch 64, 2 epochs, seed 0) and cached as safetensors in {@code $NABLA_CACHE} (default {@code ~/.cache/nabla}).
 * {@code nabla.cache} (a system property) overrides the folder. Its penultimate layer (84 units after ReLU) is the feature space of LeNet-FID; its softmax gives the
 * inception-style score and the class of a sample.
 */
final class LenetJudge {
    /** Index in the Sequential of the last layer, the classifier; the layers before it give the features. */
    private static final int HEAD = 11;
    private final Sequential net;

    private LenetJudge(Sequential net) { this.net = net; }

    /** What the judge says about a set of images: features and class probabilities, one row per image. */
    record Verdict(double[][] features, double[][] probabilities) {}

    static Path cacheFile(String dataset) {
        String dir = System.getProperty("nabla.cache", System.getenv("NABLA_CACHE"));
        Path base = dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".cache", "nabla");
        return base.resolve("lenet5-judge-" + dataset + ".safetensors");
    }

    /**
     * The cached judge of {@code dataset} (mnist or fashion-mnist), trained now on its whole training split (and
     * cached) if there is none, whatever the run's --train-limit.
     */
    static LenetJudge forDataset(String dataset, PrintWriter log) {
        Path file = cacheFile(dataset);
        Sequential net = Models.lenet5(1, 2, 10, new Generator(0));
        if (Files.isRegularFile(file)) {
            net.loadStateDict(SafeTensors.load(file), true);
            net.eval();
            return new LenetJudge(net);
        }
        if (log != null) {
            log.printf(Locale.ROOT, "training the LeNet-5 judge of %s samples (once; cached in %s)%n", dataset, file);
            log.flush();
        }
        boolean fashion = dataset.equals(org.nabla.data.Mnist.FASHION);
        Dataset train = fashion ? org.nabla.data.Mnist.fashion(true) : org.nabla.data.Mnist.mnist(true);
        Dataset test = fashion ? org.nabla.data.Mnist.fashion(false) : org.nabla.data.Mnist.mnist(false);
        Optimizer opt = new Adam(net.parameters(), Adam.Options.defaults());
        Trainer t = Trainer.builder(net, opt).loss(new CrossEntropyLoss()).train(DataLoader.builder(train).batchSize(64).shuffle(0).build()).build();
        t.fit(2);
        net.eval();
        LenetJudge judge = new LenetJudge(net);
        if (log != null) {
            log.printf(Locale.ROOT, "judge test accuracy %.2f%%%n", 100 * judge.accuracy(test));
            log.flush();
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            SafeTensors.save(tmp, net.stateDict());
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot cache the judge in " + file + ": " + e.getMessage(), e);
        }
        return judge;
    }

    /** Features and probabilities of images [N, 1, 28, 28] in [0, 1], in batches of 500. */
    Verdict judge(Tensor images) {
        List<double[]> feats = new ArrayList<>(), probs = new ArrayList<>();
        try (var g = GradMode.noGrad()) {
            for (int i = 0; i < images.size(0); i += 500) {
                Tensor h = images.narrow(0, i, Math.min(500, images.size(0) - i));
                for (int k = 0; k < HEAD; k++) h = net.get(k).call(h);
                Tensor p = net.get(HEAD).call(h).softmax(1);
                rows(h, feats);
                rows(p, probs);
            }
        }
        return new Verdict(feats.toArray(double[][]::new), probs.toArray(double[][]::new));
    }

    /** The images of a dataset (the first {@code n}) as one tensor. */
    static Tensor images(Dataset d, int n) {
        int[] idx = new int[Math.min(n, d.size())];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        return d.batch(idx).x();
    }

    double accuracy(Dataset test) {
        Tensor x = images(test, test.size());
        double[][] p = judge(x).probabilities();
        int right = 0;
        for (int i = 0; i < p.length; i++) if (argmax(p[i]) == test.label(i)) right++;
        return (double) right / p.length;
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int j = 1; j < p.length; j++) if (p[j] > p[best]) best = j;
        return best;
    }

    private static void rows(Tensor t, List<double[]> out) {
        int n = t.size(0), d = t.size(1);
        float[] v = t.contiguous().toFloatArray();
        for (int i = 0; i < n; i++) {
            double[] r = new double[d];
            for (int j = 0; j < d; j++) r[j] = v[i * d + j];
            out.add(r);
        }
    }

    Module network() { return net; }

    Map<String, Tensor> weights() { return net.stateDict(); }
}
