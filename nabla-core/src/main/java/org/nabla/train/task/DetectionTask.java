package org.nabla.train.task;

import java.util.List;
import java.util.Map;
import org.nabla.data.Batch;
import org.nabla.data.augment.GeometricAugment;
import org.nabla.data.detection.BoxDataset;
import org.nabla.detection.MeanAveragePrecision;
import org.nabla.metrics.Metric;
import org.nabla.models.detection.Detections;
import org.nabla.models.detection.Detector;
import org.nabla.nn.Module;
import org.nabla.optim.Optimizer;
import org.nabla.tensor.Generator;
import org.nabla.train.StepContext;
import org.nabla.train.StepResult;
import org.nabla.train.Task;

/**
 * Trains a {@link Detector} on batches of images and padded box targets ({@code data.detection.BoxDataset}): the
 * step is the detector's own loss. Evaluation decodes the detections (score above {@link #SCORE_THRESHOLD}) and
 * logs {@code map50} (mAP at IoU 0.5) and {@code map} (COCO's mAP@[.5:.95]); training steps log only the loss.
 */
public final class DetectionTask implements Task {
    /** Detections scored below this are dropped before NMS and mAP (as torchvision's detectors' 0.05). */
    public static final double SCORE_THRESHOLD = 0.05;
    private final Detector model;
    private final Optimizer optimizer;
    private final GeometricAugment augment;
    private final Generator augmentGenerator;

    /** @param optimizer null for a task used only to evaluate */
    public DetectionTask(Detector model, Optimizer optimizer) { this(model, optimizer, null, null); }

    /** With each training batch augmented (boxes moved with the images) by {@code augment}, drawing from {@code gen}. */
    public DetectionTask(Detector model, Optimizer optimizer, GeometricAugment augment, Generator gen) {
        if (augment != null && gen == null) throw new IllegalArgumentException("DetectionTask: an augmentation needs a generator");
        this.model = model;
        this.optimizer = optimizer;
        this.augment = augment;
        this.augmentGenerator = gen;
    }

    @Override
    public Map<String, Module> models() { return Map.of("model", model); }

    @Override
    public Map<String, Optimizer> optimizers() { return optimizer == null ? Map.of() : Map.of("optimizer", optimizer); }

    @Override
    public List<Metric> metrics() {
        MeanAveragePrecision shared = new MeanAveragePrecision(model.classes());
        return List.of(new MapMetric("map50", shared, true, model), new MapMetric("map", shared, false, model));
    }

    @Override
    public StepResult trainStep(Batch batch, StepContext ctx) {
        if (optimizer == null) throw new IllegalStateException("DetectionTask: training needs an optimizer");
        Batch b = augment != null ? augment.applyToBoxes(batch, augmentGenerator) : batch;
        optimizer.zeroGrad();
        var loss = model.loss(model.call(b.x()), b.y());
        double value = loss.item();
        ctx.checkLoss(value, model, () -> model.call(b.x()));
        loss.backward();
        ctx.transformGradients(model.namedParameters());
        optimizer.step();
        return StepResult.of(value * batch.size(), batch.size(), batch.size());
    }

    @Override
    public StepResult evalStep(Batch batch) {
        var out = model.call(batch.x());
        double value = model.loss(out, batch.y()).item();
        return new StepResult(value * batch.size(), batch.size(), batch.size(), out, batch.y());
    }

    /**
     * mAP over the images seen: the first of the pair decodes each batch into the shared accumulator, the second
     * only reads it (the trainer updates a loop's metrics in order, and resets them together).
     */
    private static final class MapMetric implements Metric {
        private final String name;
        private final MeanAveragePrecision map;
        private final boolean feeds;
        private final Detector model;

        MapMetric(String name, MeanAveragePrecision map, boolean feeds, Detector model) {
            this.name = name;
            this.map = map;
            this.feeds = feeds;
            this.model = model;
        }

        @Override
        public String name() { return name; }

        @Override
        public void update(org.nabla.tensor.Tensor output, org.nabla.tensor.Tensor target) {
            if (!feeds) return;
            List<Detections> d = model.detect(output, SCORE_THRESHOLD);
            for (int i = 0; i < d.size(); i++) {
                BoxDataset.Truth t = BoxDataset.boxes(target, i);
                map.add(t.boxes(), t.classes(), d.get(i).boxes(), d.get(i).scores(), d.get(i).classes());
            }
        }

        @Override
        public double compute() {
            if (map.images() == 0) return Double.NaN;
            return feeds ? map.map50() : map.map();
        }

        @Override
        public void reset() { map.reset(); }
    }
}
