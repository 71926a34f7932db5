package org.nabla.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nabla.data.DataLoader;
import org.nabla.data.Dataset;
import org.nabla.metrics.Segmentation;
import org.nabla.metrics.SegmentationScore;
import org.nabla.nn.Module;
import org.nabla.nn.loss.Loss;
import org.nabla.train.Evaluation;
import org.nabla.train.task.SegmentationTask;

/** A segmentation model's metrics on a dataset: the loss, pixel accuracy, mean pixel accuracy, IoU per class and mIoU. */
record SegmentationReport(double loss, double pixelAccuracy, double meanPixelAccuracy, double[] iou, double meanIou, long samples) implements Report {
    private static final int BATCH = 64;

    /** Evaluates {@code model} (in eval mode, without gradients; its mode is restored) with {@code loss} on every sample of {@code data}. */
    static SegmentationReport of(Module model, Dataset data, int classes, Loss loss) {
        SegmentationScore score = SegmentationScore.meanIou(classes);
        Evaluation e = Evaluation.of(new SegmentationTask(model, null, loss, classes), DataLoader.builder(data).batchSize(BATCH).build(), List.of(score));
        if (e.samples() == 0) throw new IllegalArgumentException("the test set is empty");
        Segmentation s = score.counts();
        return new SegmentationReport(e.loss(), s.pixelAccuracy(), s.meanPixelAccuracy(), s.iou(), s.meanIou(), e.samples());
    }

    @Override
    public Map<String, Object> toJson(List<String> classNames) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", samples);
        m.put("loss", loss);
        m.put("pixel_accuracy", pixelAccuracy);
        m.put("mean_pixel_accuracy", meanPixelAccuracy);
        m.put("miou", meanIou);
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (int c = 0; c < iou.length; c++) perClass.put(classNames.get(c), Double.isNaN(iou[c]) ? null : iou[c]);
        m.put("iou", perClass);
        return m;
    }

    @Override
    public void print(PrintWriter out, String what, List<String> classNames) {
        out.printf(Locale.ROOT, "%s: mIoU %.4f  pixel accuracy %.2f%%  mean pixel accuracy %.2f%%  loss %.4f (%d images)%n", what, meanIou,
                100 * pixelAccuracy, 100 * meanPixelAccuracy, loss, samples);
        StringBuilder line = new StringBuilder("IoU per class:");
        for (int c = 0; c < iou.length; c++) line.append(String.format(Locale.ROOT, " %s %.3f", classNames.get(c), iou[c]));
        out.println(line);
    }

    @Override
    public String headline(String what) { return String.format(Locale.ROOT, "%s mIoU %.4f (pixel accuracy %.2f%%)", what, meanIou, 100 * pixelAccuracy); }
}
