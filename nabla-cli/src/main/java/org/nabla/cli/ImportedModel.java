package org.nabla.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nabla.data.Dataset;
import org.nabla.data.Normalizer;
import org.nabla.onnx.Onnx;
import org.nabla.onnx.OnnxModule;
import org.nabla.onnx.proto.TensorShapeProto;
import org.nabla.onnx.proto.ValueInfoProto;

/**
 * An ONNX classifier for {@code predict --model FILE.onnx} and {@code eval --model FILE.onnx}. An ONNX file carries no
 * input normalisation, so --normalize says which the model expects: none (the default: pixels in [0, 1], what
 * torchvision's ToTensor gives), or standardize / scale fitted per channel on a dataset's training split, as
 * {@code nabla train} does (standardize is its default, so a model trained by Nabla and exported needs it).
 *
 * @param sampleShape the graph input's shape without the batch dim, or null where the file leaves a dim symbolic
 * @param classNames  the dataset's class names, or none without a dataset
 */
record ImportedModel(Path file, OnnxModule module, int[] sampleShape, List<String> classNames, Normalizer normalizer) {
    static final List<String> NORMALIZATIONS = List.of("none", "standardize", "scale");

    /** Whether a --model value names an ONNX file rather than a registered model. */
    static boolean isOnnx(String model) { return model != null && model.toLowerCase(Locale.ROOT).endsWith(".onnx"); }

    /**
     * Loads file; dataset (may be null unless normalize needs it) gives the class names and the statistics that
     * normalize fits.
     */
    static ImportedModel load(Path file, String dataset, String normalize) {
        String mode = normalize == null ? "none" : normalize;
        if (!NORMALIZATIONS.contains(mode))
            throw new UsageError("--normalize must be one of " + String.join(", ", NORMALIZATIONS) + ", got '" + normalize + "'");
        if (!mode.equals("none") && dataset == null)
            throw new UsageError("--normalize " + mode + " fits its statistics on a dataset's training split: give --dataset NAME");
        OnnxModule module = Onnx.load(file);
        if (module.inputNames().size() != 1)
            throw new IllegalArgumentException(file + ": the graph takes " + module.inputNames().size() + " inputs " + module.inputNames() + "; predict and eval feed one");
        int[] shape = sampleShape(module.inputInfo(module.inputNames().getFirst()));
        List<String> names = List.of();
        Normalizer norm = null;
        if (dataset != null) {
            RunData.Split split = RunData.trainAndTest(dataset, null, 0);
            names = split.classNames();
            if (names.isEmpty()) throw new IllegalArgumentException("--dataset " + dataset + " has no classes: predict and eval of an ONNX model classify");
            norm = switch (mode) {
                case "standardize" -> Normalizer.fit(split.train(), Normalizer.Mode.STANDARDIZE, true);
                case "scale" -> Normalizer.fit(split.train(), Normalizer.Mode.SCALE, true);
                default -> null;
            };
            int[] data = split.train().sampleShape();
            if (shape != null && !java.util.Arrays.equals(shape, data))
                throw new IllegalArgumentException(file + ": the model takes samples of " + TrainCommand.shape(shape) + ", " + dataset
                        + " has samples of " + TrainCommand.shape(data));
            if (shape == null) shape = data;
        }
        return new ImportedModel(file, module, shape, names, norm);
    }

    /** Class names for outputs classes: the dataset's, else the indices. */
    List<String> namesFor(int classes) {
        if (classNames.isEmpty()) {
            List<String> idx = new ArrayList<>();
            for (int c = 0; c < classes; c++) idx.add(Integer.toString(c));
            return idx;
        }
        if (classNames.size() != classes)
            throw new IllegalArgumentException(file + ": the model has " + classes + " outputs, the dataset " + classNames.size() + " classes");
        return classNames;
    }

    /** The test split of dataset, normalised like the model's inputs. */
    Dataset test(String dataset, int limit) { return RunData.test(dataset, null, 0, limit, normalizer); }

    /** [C, H, W...] from a graph input's type [N, C, H, W...], or null when a dim is unknown. */
    private static int[] sampleShape(ValueInfoProto input) {
        if (input == null || input.type() == null || input.type().tensorType() == null || input.type().tensorType().shape() == null) return null;
        List<TensorShapeProto.Dimension> dims = input.type().tensorType().shape().dims();
        if (dims.size() < 2) return null;
        int[] shape = new int[dims.size() - 1];
        for (int i = 1; i < dims.size(); i++) {
            Long v = dims.get(i).dimValue();
            if (v == null || v < 1) return null;
            shape[i - 1] = Math.toIntExact(v);
        }
        return shape;
    }
}
