package org.nabla.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.nabla.models.detection.Detections;
import org.nabla.models.detection.Detector;
import org.nabla.tensor.Tensor;
import org.nabla.train.task.DetectionTask;

/** {@code nabla predict} for a detection run: each image's boxes printed (class, score, corners) and drawn with {@code --out}. */
final class BoxPrediction {
    private BoxPrediction() {}

    static void predict(TrainedModel t, List<Path> images, Path out, PrintWriter w) {
        if (!(t.model() instanceof Detector detector)) throw new IllegalArgumentException(t.checkpoint() + ": the run's model is not a detector");
        int[] s = t.sampleShape();
        int len = s[0] * s[1] * s[2];
        float[] pixels = new float[images.size() * len];
        for (int i = 0; i < images.size(); i++) PredictCommand.read(images.get(i), s, pixels, i * len);
        List<Detections> found = detector.detect(Tensor.of(pixels, images.size(), s[0], s[1], s[2]), DetectionTask.SCORE_THRESHOLD, false);
        for (int i = 0; i < images.size(); i++) {
            Detections d = found.get(i);
            StringBuilder line = new StringBuilder(images.get(i) + ":");
            int shown = 0;
            for (int k = 0; k < d.count(); k++) {
                if (d.scores()[k] < BoxOverlay.DRAW_THRESHOLD) continue;
                line.append(String.format(Locale.ROOT, "%s %s %.2f at (%.0f, %.0f, %.0f, %.0f)", shown++ == 0 ? "" : ";", t.classNames().get(d.classes()[k]),
                        d.scores()[k], d.boxes()[4 * k], d.boxes()[4 * k + 1], d.boxes()[4 * k + 2], d.boxes()[4 * k + 3]));
            }
            if (shown == 0) line.append(" no object scored ").append(BoxOverlay.DRAW_THRESHOLD).append(" or more");
            w.println(line);
            if (out != null) {
                Path file = images.size() == 1 ? out : numbered(out, i + 1);
                BoxOverlay.write(BoxOverlay.draw(java.util.Arrays.copyOfRange(pixels, i * len, (i + 1) * len), s, d, t.classNames()), file);
                w.println("  drawn: " + file);
            }
        }
        w.flush();
    }

    /** out.png as out-N.png. */
    private static Path numbered(Path out, int n) {
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return out.resolveSibling(dot < 0 ? name + "-" + n : name.substring(0, dot) + "-" + n + name.substring(dot));
    }
}
