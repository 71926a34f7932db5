package org.nabla.cli;

import java.nio.file.Path;
import java.util.List;
import org.nabla.autograd.GradMode;
import org.nabla.data.Dataset;
import org.nabla.explain.LayerActivations;
import org.nabla.explain.PixelModel;
import org.nabla.nn.Module;
import org.nabla.tensor.Tensor;

/**
 * A trained image classifier opened for {@code explain}, {@code tsne}, {@code dream} and {@code attack}: the run's
 * model behind its input normalisation ({@link PixelModel}), so images, attributions, budgets and test samples are
 * in pixels in [0, 1]. Layers are named as in the model itself ({@code nabla summary} lists them).
 */
record ImageClassifier(TrainedModel run, PixelModel pixels) {
    static ImageClassifier load(Path run, String command) {
        TrainedModel t = TrainedModel.load(run, null).require(TrainedModel.SUPERVISED, command);
        if (t.classNames().isEmpty()) throw new IllegalArgumentException(t.checkpoint() + ": '" + command + "' explains classifiers; this run is a regressor");
        if (t.sampleShape().length != 3)
            throw new IllegalArgumentException(t.checkpoint() + ": '" + command + "' works on images; " + t.config().model() + " was trained on samples of "
                    + TrainCommand.shape(t.sampleShape()));
        return new ImageClassifier(t, new PixelModel(t.model(), t.normalizer()));
    }

    int[] sampleShape() { return run.sampleShape(); }

    List<String> classNames() { return run.classNames(); }

    /** The image file as a batch of one [1, C, H, W] of pixels. */
    Tensor image(Path file) {
        int[] s = sampleShape();
        float[] v = new float[s[0] * s[1] * s[2]];
        PredictCommand.read(file, s, v, 0);
        return Tensor.of(v, 1, s[0], s[1], s[2]);
    }

    /** The class probabilities [classes] of one image of pixels. */
    float[] probabilities(Tensor x) {
        try (var g = GradMode.noGrad()) {
            return pixels.call(x).softmax(1).toFloatArray();
        }
    }

    /** The test split of the run's dataset (its first {@code limit} samples when above 0), in pixels. */
    Dataset testPixels(int limit) {
        RunConfig c = run.config();
        return RunData.test(c.dataset(), c.target(), c.seed(), c.transfer().classes(), limit, null);
    }

    /** The layer named {@code name}, or when null the deepest one that outputs a feature map for x. */
    String layerName(String name, Tensor x) {
        if (name != null) {
            LayerActivations.layer(run.model(), name);
            return name;
        }
        List<String> spatial = LayerActivations.spatialLayers(run.model(), pixels.normalize(x));
        if (spatial.isEmpty()) throw new IllegalArgumentException(run.config().model() + " has no layer with a feature map; name one with --layer");
        return spatial.getLast();
    }

    Module layer(String name) { return LayerActivations.layer(run.model(), name); }

    /** The class whose name or index is {@code text}; refused with the classes there are. */
    int classIndex(String text) {
        List<String> names = classNames();
        int i = names.indexOf(text);
        if (i >= 0) return i;
        try {
            int k = Integer.parseInt(text.strip());
            if (k >= 0 && k < names.size()) return k;
        } catch (NumberFormatException ignored) {
            // not an index either: refused below
        }
        throw new IllegalArgumentException("no class '" + text + "': give an index from 0 to " + (names.size() - 1) + " or a name (" + String.join(", ", names) + ")");
    }
}
