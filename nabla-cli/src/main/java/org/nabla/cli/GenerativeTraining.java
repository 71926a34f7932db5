package org.nabla.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nabla.data.DataLoader;
import org.nabla.data.Dataset;
import org.nabla.data.Datasets;
import org.nabla.data.Mnist;
import org.nabla.data.Splits;
import org.nabla.train.Callback;
import org.nabla.train.Progress;
import org.nabla.train.Task;
import org.nabla.train.TrainContext;
import org.nabla.train.Trainer;
import org.nabla.train.task.AutoencoderTask;
import org.nabla.train.task.GanTask;
import org.nabla.train.task.VaeTask;
import org.nabla.tensor.Generator;
import org.nabla.tensor.RunContext;

/**
 * One run of a generative model (autoencoders, VAE, GANs) on MNIST or Fashion-MNIST, pixels in [0, 1]: trains with
 * the run folder's logs and checkpoints, a GAN's samples of a fixed noise after each epoch (samples-epoch-N.png),
 * then measures the model ({@link AutoencoderMeasures}, {@link VaeMeasures}, {@link GanMeasures}) and writes its
 * PNGs and summary.json.
 */
final class GenerativeTraining {
    /** What {@code nabla sample} and {@code eval} read in a checkpoint's metadata to recognise a generative run. */
    static final String TASK = "generative";

    private GenerativeTraining() {}

    /** The run's training and test images (train limited to a stratified subset, test to its first samples). */
    record Data(Dataset train, Dataset test, List<String> classNames) {
        int[] sampleShape() { return train.sampleShape(); }
    }

    static Data load(GenerativeConfig c) {
        boolean fashion = c.dataset().equals(Mnist.FASHION);
        Dataset train = fashion ? Mnist.fashion(true) : Mnist.mnist(true), test = fashion ? Mnist.fashion(false) : Mnist.mnist(false);
        if (c.trainLimit() > 0 && c.trainLimit() < train.size())
            train = Datasets.subset(train, Splits.stratifiedSample(Datasets.labels(train), c.trainLimit(), new Generator(c.seed())));
        if (c.testLimit() > 0 && c.testLimit() < test.size()) {
            int[] first = new int[c.testLimit()];
            for (int i = 0; i < first.length; i++) first[i] = i;
            test = Datasets.subset(test, first);
        }
        List<String> names = fashion ? List.of(Mnist.FASHION_CLASSES) : List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        return new Data(train, test, names);
    }

    static Map<String, Object> metadata(GenerativeConfig c, Data data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generative", c.toJson());
        m.put("task", TASK);
        m.put("sample_shape", java.util.Arrays.stream(data.sampleShape()).boxed().toList());
        m.put("classes", data.classNames().size());
        m.put("class_names", data.classNames());
        return m;
    }

    /** Trains, measures and writes the run folder; returns summary.json's content. */
    static Map<String, Object> run(GenerativeConfig c, Data data, RunFolder folder, PrintWriter w) {
        Generator.manualSeed(c.seed() ^ 0x5DEECE66DL);
        try (RunContext ctx = RunContext.of(c.threads(), Generator.global())) {
            return ctx.call(() -> train(c, data, folder, w));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> train(GenerativeConfig c, Data data, RunFolder folder, PrintWriter w) {
        long start = System.nanoTime();
        PeakMemory peak = PeakMemory.start();
        Task task = GenerativeModels.task(c, data.sampleShape(), data.classNames().size(), new Generator(c.seed()));
        DataLoader loader = DataLoader.builder(data.train()).batchSize(c.batchSize()).shuffle(c.seed()).build();
        Trainer.Builder b = Trainer.builder(task).train(loader).name(c.model()).metadata(metadata(c, data));
        if (w != null) b.callback(Progress.auto(w));
        folder.logTo(b, (long) c.epochs() * loader.numBatches(), "train_loss");
        if (task instanceof GanTask gan) b.callback(new EpochSamples(gan, c, folder));
        List<Map<String, Double>> history = b.build().fit(c.epochs());
        double seconds = (System.nanoTime() - start) * 1e-9;
        Map<String, Object> measures = switch (task) {
            case AutoencoderTask ae -> AutoencoderMeasures.measure(ae, c, data, folder);
            case VaeTask vae -> VaeMeasures.measure(vae, c, data, folder);
            case GanTask gan -> GanMeasures.measure(gan, c, data, folder, w);
            default -> throw new IllegalStateException("no measures for " + task);
        };
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("test", measures);
        s.put("epochs_run", history.size());
        s.put("wall_seconds", seconds);
        s.put("train_samples_per_s", Training.samplesPerS(history));
        PeakMemory.Reading memory = peak.read();
        s.put("peak_heap_mb", memory.heapMb());
        s.put("peak_rss_mb", memory.rssMb());
        s.put("parameters", task.models().values().stream().mapToLong(m -> m.parameters().stream().mapToLong(p -> p.numel()).sum()).sum());
        s.put("train_samples", data.train().size());
        s.put("test_samples", data.test().size());
        s.put("java", Runtime.version().toString());
        s.put("config", c.toJson());
        Plots.trainingCurve(folder.stepsCsv(), history, Plots.LOSS.withYLabel(lossLabel(c)), folder.dir().resolve("loss.png"));
        folder.writeJson(RunFolder.SUMMARY, s); // last: it marks the run completed
        return s;
    }

    static String lossLabel(GenerativeConfig c) {
        if (c.autoencoder()) return "reconstruction BCE (nats/image)";
        if (c.vae()) return "negative ELBO (nats/image)";
        return c.model().equals("wgan-gp") ? "critic loss" : "discriminator BCE";
    }

    /** After each epoch: the generator's samples of one fixed noise (and, conditional, classes 0..k-1 by row). */
    private record EpochSamples(GanTask gan, GenerativeConfig c, RunFolder folder) implements Callback {
        @Override
        public void onEpochEnd(TrainContext ctx) {
            ImageGrid.write(GanMeasures.fixedSamples(gan.generator(), GanMeasures.gridSize(gan.generator()), c.seed()), GanMeasures.gridColumns(gan.generator()), folder.dir().resolve(String.format(Locale.ROOT, "samples-epoch-%d.png", ctx.epoch())));
        }
    }
}
