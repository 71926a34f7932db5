package org.nabla.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nabla.autograd.GradMode;
import org.nabla.data.Dataset;
import org.nabla.data.Datasets;
import org.nabla.data.Splits;
import org.nabla.metrics.FrechetDistance;
import org.nabla.metrics.InceptionScore;
import org.nabla.models.generative.Gans;
import org.nabla.models.generative.ImageGenerator;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.train.task.GanTask;

/**
 * The measures of a trained GAN, in the feature space of the dataset's {@link LenetJudge}: LeNet-FID of 10,000
 * samples against the test set, with the floor of 10,000 real training images against the same test set; the
 * inception-style score of the samples and of the test set; how many classes get at least 1% of the samples (the
 * mode-collapse signal) and the share of each; for a conditional generator, the share of samples the judge puts in
 * their requested class. samples.png: the fixed noise of the epoch grids.
 */
final class GanMeasures {
    /** Samples drawn for the measures (or the test set's size, if smaller). */
    static final int SAMPLES = 10_000;
    /** The share of the samples a class needs to count as covered. */
    static final double COVERED = 0.01;

    private GanMeasures() {}

    static Map<String, Object> measure(GanTask task, GenerativeConfig c, GenerativeTraining.Data data, RunFolder folder, PrintWriter w) {
        ImageGenerator g = task.generator();
        g.eval();
        ImageGrid.write(fixedSamples(g, gridSize(g), c.seed()), gridColumns(g), folder.dir().resolve("samples.png"));
        LenetJudge judge = LenetJudge.forDataset(c.dataset(), w);
        int n = Math.min(SAMPLES, data.test().size());
        Tensor requested = labels(n, Math.max(g.classes(), 1));
        Tensor fakes;
        try (var s = GradMode.noGrad()) {
            Generator gen = new Generator(c.seed() + 2);
            List<Tensor> parts = new ArrayList<>();
            for (int i = 0; i < n; i += 500) {
                int b = Math.min(500, n - i);
                parts.add(Gans.toUnit(g.generate(g.noise(b, gen), g.classes() > 0 ? requested.narrow(0, i, b) : null)));
            }
            fakes = Tensor.cat(parts, 0);
        }
        Dataset realTrain = Datasets.subset(data.train(), Splits.stratifiedSample(Datasets.labels(data.train()), Math.min(n, data.train().size()), new Generator(c.seed())));
        LenetJudge.Verdict fake = judge.judge(fakes), test = judge.judge(LenetJudge.images(data.test(), n)), real = judge.judge(LenetJudge.images(realTrain, realTrain.size()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lenet_fid", FrechetDistance.of(fake.features(), test.features()));
        m.put("lenet_fid_real_floor", FrechetDistance.of(real.features(), test.features()));
        m.put("inception_score", InceptionScore.of(fake.probabilities()));
        m.put("inception_score_test_set", InceptionScore.of(test.probabilities()));
        m.put("classes_covered", InceptionScore.classesCovered(fake.probabilities(), COVERED));
        m.put("class_shares", shares(fake.probabilities(), data.classNames().size()));
        if (g.classes() > 0) {
            long[] want = requested.toLongArray();
            int right = 0;
            for (int i = 0; i < n; i++) if (LenetJudge.argmax(fake.probabilities()[i]) == want[i]) right++;
            m.put("requested_class_accuracy", (double) right / n);
        }
        m.put("samples", n);
        m.put("judge", LenetJudge.cacheFile(c.dataset()).toString());
        return m;
    }

    /** Labels 0, 1, ..., k-1, 0, 1, ... (n of them, int64). */
    static Tensor labels(int n, int k) {
        long[] y = new long[n];
        for (int i = 0; i < n; i++) y[i] = i % k;
        return Tensor.of(y, n);
    }

    /** 100 samples for a conditional generator (a column per class), else 64. */
    static int gridSize(ImageGenerator g) { return g.classes() > 0 ? 10 * g.classes() : 64; }

    static int gridColumns(ImageGenerator g) { return g.classes() > 0 ? g.classes() : 8; }

    /** The generator's images (pixels in [0, 1], eval mode) of the run's fixed noise; conditional: column j is class j. */
    static Tensor fixedSamples(ImageGenerator g, int n, long seed) {
        boolean training = g.isTraining();
        g.eval();
        try (var s = GradMode.noGrad()) {
            return Gans.toUnit(g.generate(g.noise(n, new Generator(seed + 7)), g.classes() > 0 ? labels(n, g.classes()) : null));
        } finally {
            if (training) g.train();
        }
    }

    private static List<Double> shares(double[][] p, int k) {
        double[] counts = new double[k];
        for (double[] row : p) counts[LenetJudge.argmax(row)]++;
        List<Double> out = new ArrayList<>();
        for (double v : counts) out.add(v / p.length);
        return out;
    }
}
