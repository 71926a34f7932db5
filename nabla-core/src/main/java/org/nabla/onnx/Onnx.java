package org.nabla.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.SortedSet;
import org.nabla.onnx.proto.ModelProto;
import org.nabla.onnx.proto.TensorProto;
import org.nabla.tensor.Tensor;

/** Reading ONNX files: a model as a runnable, trainable {@link OnnxModule}, a serialized TensorProto as a tensor. */
public final class Onnx {
    private Onnx() {}

    /**
     * Loads a model (in eval mode). Unreadable files throw UncheckedIOException, malformed ones
     * IllegalArgumentException, operators or features the importer lacks {@link UnsupportedOnnxException}; every
     * message is one line naming the file.
     */
    public static OnnxModule load(Path path) {
        return new OnnxModule(readModel(path), path.toString());
    }

    /** Builds the module of an already parsed model; source names it in error messages. */
    public static OnnxModule load(ModelProto model, String source) { return new OnnxModule(model, source); }

    /** Parses a model file without building its module. */
    public static ModelProto readModel(Path path) {
        byte[] bytes = read(path);
        ModelProto model;
        try {
            model = ModelProto.parse(bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": not a valid ONNX model (" + e.getMessage() + ")", e);
        }
        if (model.graph() == null) throw new IllegalArgumentException(path + ": not an ONNX model (no graph)");
        return model;
    }

    /** Reads a file holding one serialized TensorProto (an ONNX test's input_0.pb). */
    public static Tensor readTensor(Path path) {
        try {
            return OnnxTensors.toTensor(TensorProto.parse(read(path)));
        } catch (UnsupportedOnnxException e) {
            throw new UnsupportedOnnxException(path + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": not a valid ONNX tensor (" + e.getMessage() + ")", e);
        }
    }

    /** The operator types the importer runs. */
    public static SortedSet<String> supportedOperators() { return Operators.names(); }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException(path + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(path + ": cannot read (" + e.getMessage() + ")", e);
        }
    }
}
