package org.nabla.cli;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nabla.data.DataLoader;
import org.nabla.data.Dataset;
import org.nabla.data.DatasetSource;
import org.nabla.data.Datasets;
import org.nabla.data.augment.Augment;
import org.nabla.data.augment.GeometricAugment;
import org.nabla.data.detection.BoxDataset;
import org.nabla.models.detection.Detections;
import org.nabla.models.detection.Detector;
import org.nabla.optim.Optimizer;
import org.nabla.tensor.Generator;
import org.nabla.train.Evaluation;
import org.nabla.train.ModelCheckpoint;
import org.nabla.train.Progress;
import org.nabla.train.Trainer;
import org.nabla.train.task.DetectionTask;

/**
 * One training run of a detector on a box dataset ({@code mnist-detect}, {@code boxes:PATH}): the detector's own loss,
 * validated on the test images (loss, mAP@0.5, mAP@[.5:.95]) after each epoch; the run folder gets metrics,
 * checkpoints, summary.json and predictions.png (ground truth next to the predictions for the first test images).
 */
final class DetectionTraining {
    /** Test images drawn in predictions.png. */
    static final int DRAWN = 8;

    private DetectionTraining() {}

    /** The training and test splits of a box dataset (a set without a test split gives a seeded fifth of its images). */
    record Data(BoxDataset train, BoxDataset test, Dataset trainSplit, Dataset testSplit, List<String> classNames) {
        int[] sampleShape() { return train.sampleShape(); }
    }

    record Result(RunConfig config, Detector model, List<Map<String, Double>> history, double map50, double map, double testLoss,
                  double samplesPerS, double seconds, PeakMemory.Reading memory, int bestEpoch) {}

    static Data load(RunConfig c) {
        String name = c.dataset().contains(":") ? c.dataset().substring(0, c.dataset().indexOf(':')) : c.dataset();
        String path = c.dataset().contains(":") ? c.dataset().substring(c.dataset().indexOf(':') + 1) : null;
        DatasetSource source = Datasets.REGISTRY.get(name).source();
        DatasetSource.Loaded train = source.load(path, null, true), test = source.load(path, null, false);
        if (!(train.data() instanceof BoxDataset trainBoxes))
            throw new IllegalArgumentException(c.model() + " is a detector: --dataset must hold boxes (mnist-detect, boxes:PATH), not " + c.dataset());
        Dataset trainSplit = trainBoxes, testSplit;
        BoxDataset testBoxes;
        if (test == null) { // no official test split: a seeded fifth of the images
            int[][] parts = org.nabla.data.Splits.random(trainBoxes.size(), new double[] {0.8, 0.2}, new Generator(c.seed()));
            trainSplit = Datasets.subset(trainBoxes, parts[0]);
            testSplit = Datasets.subset(trainBoxes, parts[1]);
            testBoxes = trainBoxes;
        } else {
            testBoxes = (BoxDataset) test.data();
            testSplit = testBoxes;
        }
        if (c.trainLimit() > 0 && c.trainLimit() < trainSplit.size()) trainSplit = Datasets.subset(trainSplit, range(c.trainLimit()));
        if (c.testLimit() > 0 && c.testLimit() < testSplit.size()) testSplit = Datasets.subset(testSplit, range(c.testLimit()));
        return new Data(trainBoxes, testBoxes, trainSplit, testSplit, train.classNames());
    }

    private static int[] range(int n) { return java.util.stream.IntStream.range(0, n).toArray(); }

    /** What {@code TrainedModel} needs to rebuild the detector; {@code predict} draws boxes for its task. */
    static Map<String, Object> metadata(RunConfig c, Data data) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config", c.toJson());
        m.put("task", TrainedModel.DETECTION);
        m.put("sample_shape", java.util.Arrays.stream(data.sampleShape()).boxed().toList());
        m.put("classes", data.classNames().size());
        m.put("class_names", data.classNames());
        m.put("normalizer", null);
        return m;
    }

    static Result run(RunConfig c, Data data, Detector model, RunFolder folder, PrintWriter progress) {
        return Training.inRun(c, () -> train(c, data, model, folder, progress));
    }

    private static Result train(RunConfig c, Data data, Detector model, RunFolder folder, PrintWriter progress) {
        long start = System.nanoTime();
        PeakMemory peak = PeakMemory.start();
        Optimizer opt = Training.optimizer(c, model);
        DataLoader train = DataLoader.builder(data.trainSplit()).batchSize(c.batchSize()).shuffle(new Generator(c.seed() + 1)).prefetch(2).build();
        DataLoader test = DataLoader.builder(data.testSplit()).batchSize(100).build();
        int steps = c.epochs() * train.numBatches();
        GeometricAugment augment = GeometricAugment.parse(c.augment(), data.sampleShape()[2]);
        DetectionTask task = new DetectionTask(model, opt, augment, augment == null ? null : new Generator(c.seed() + 2));
        Trainer.Builder b = Trainer.builder(task).train(train).validation(test).name(c.model()).metadata(metadata(c, data));
        String photometric = GeometricAugment.photometric(c.augment()); // noise, brightness...: the image alone
        if (!photometric.equals("none")) b.augment(Augment.parse(photometric), new Generator(c.seed() + 3));
        Training.scheduleAndClip(b, c, opt, steps);
        if (progress != null) b.callback(Progress.auto(progress));
        ModelCheckpoint checkpoints = folder != null ? folder.logTo(b, steps, "val_loss") : null;
        List<Map<String, Double>> history = b.build().fit(c.epochs());
        Evaluation e = Evaluation.of(task, test, task.metrics());
        int bestEpoch = checkpoints != null ? checkpoints.bestEpoch() : history.size();
        return new Result(c, model, history, e.metrics().get("map50"), e.metrics().get("map"), e.loss(), Training.samplesPerS(history),
                (System.nanoTime() - start) * 1e-9, peak.read(), bestEpoch);
    }

    /** summary.json, loss.png and predictions.png. */
    static void write(RunFolder folder, Result r, Data data) {
        Map<String, Object> s = new LinkedHashMap<>();
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("map50", r.map50());
        test.put("map", r.map());
        test.put("loss", r.testLoss());
        test.put("images", data.testSplit().size());
        s.put("test", test);
        s.put("epochs_run", r.history().size());
        s.put("best_epoch", r.bestEpoch());
        s.put("wall_seconds", r.seconds());
        s.put("peak_heap_mb", r.memory().heapMb());
        s.put("parameters", r.model().parameters().stream().mapToLong(p -> p.numel()).sum());
        s.put("train_samples_per_s", r.samplesPerS());
        s.put("train_samples", data.trainSplit().size());
        s.put("config", r.config().toJson());
        Plots.trainingCurve(folder.stepsCsv(), r.history(), Plots.LOSS.withYLabel("detection loss"), folder.dir().resolve("loss.png"));
        BoxOverlay.write(predictions(r.model(), data.testSplit(), data.classNames()), folder.dir().resolve("predictions.png"));
        folder.writeJson(RunFolder.SUMMARY, s); // last: its presence marks the run completed
    }

    /** The first test images, ground truth (left) next to the predictions (right). */
    static BufferedImage predictions(Detector model, Dataset test, List<String> names) {
        int n = Math.min(DRAWN, test.size());
        int[] shape = test.sampleShape(), idx = range(n);
        var batch = test.batch(idx);
        List<Detections> d = model.detect(batch.x(), DetectionTask.SCORE_THRESHOLD, false);
        List<BufferedImage> pictures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] image = batch.x().select(0, i).toFloatArray();
            BoxDataset.Truth t = BoxDataset.boxes(batch.y(), i);
            pictures.add(BoxOverlay.draw(image, shape[0], shape[1], shape[2], t.boxes(), null, t.classes(), names));
            pictures.add(BoxOverlay.draw(image, shape, d.get(i), names));
        }
        return BoxOverlay.grid(pictures, 4);
    }

    static String headline(Result r) {
        return String.format(Locale.ROOT, "test mAP@0.5 %.4f, mAP@[.5:.95] %.4f (loss %.4f)", r.map50(), r.map(), r.testLoss());
    }
}
