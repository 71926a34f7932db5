package org.nabla.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.autograd.GradMode;
import org.nabla.models.Models;
import org.nabla.nn.Parameter;
import org.nabla.nn.Sequential;
import org.nabla.onnx.proto.GraphProto;
import org.nabla.onnx.proto.ModelProto;
import org.nabla.onnx.proto.NodeProto;
import org.nabla.onnx.proto.OperatorSetIdProto;
import org.nabla.onnx.proto.TensorProto;
import org.nabla.onnx.proto.TypeProto;
import org.nabla.onnx.proto.ValueInfoProto;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** Models exported by PyTorch (fixtures/make_onnx_fixtures.py) reproduce PyTorch's outputs through the importer. */
class TorchExportTest {
    static Path fixture(String name) {
        try {
            return Path.of(TorchExportTest.class.getResource("/fixtures/onnx/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Imports name.onnx, runs name_input.pb and checks name_output.pb within 1e-4 (relative, absolute below 1). */
    private static OnnxModule reproduces(String name) {
        OnnxModule model = Onnx.load(fixture(name + ".onnx"));
        Tensor x = Onnx.readTensor(fixture(name + "_input.pb")), expected = Onnx.readTensor(fixture(name + "_output.pb"));
        Tensor y;
        try (var ignored = GradMode.noGrad()) {
            y = model.call(x);
        }
        assertNull(OnnxConformanceTest.compare(y, expected, 1e-4, 1e-4), name);
        return model;
    }

    @Test
    void lenet5WithFlatten() {
        OnnxModule model = reproduces("lenet5");
        assertEquals(List.of("input"), model.inputNames());
        assertEquals(13, model.opsetVersion());
    }

    @Test
    void lenet5FlattenedByViewThroughShapeGatherUnsqueezeConcatReshape() {
        OnnxModule model = reproduces("lenet5_view");
        assertEquals(11, model.opsetVersion());
    }

    @Test
    void resnetWithBatchNormNodes() {
        OnnxModule model = reproduces("resnet");
        Map<String, Parameter> params = model.namedParameters();
        assertTrue(params.containsKey("layer1.0.conv1.weight") && params.containsKey("fc.weight"), params.keySet().toString());
        assertTrue(model.namedBuffers().containsKey("layer2.0.bn1.running_mean"), "BatchNorm statistics are buffers");
        assertTrue(!params.containsKey("bn1.running_var"));
    }

    @Test
    void initializerNamesAreTheStateDictOfTheNablaModel() {
        // The torch model is laid out as Models.lenet5, so its initializers load into it by name.
        OnnxModule imported = Onnx.load(fixture("lenet5.onnx"));
        Sequential lenet = Models.lenet5(new Generator(1));
        lenet.loadStateDict(imported.stateDict(), true);
        lenet.eval();
        Tensor x = Onnx.readTensor(fixture("lenet5_input.pb"));
        try (var ignored = GradMode.noGrad()) {
            assertNull(OnnxConformanceTest.compare(lenet.call(x), Onnx.readTensor(fixture("lenet5_output.pb")), 1e-4, 1e-4));
        }
    }

    @Test
    void gradientsReachEveryParameterForFineTuning() {
        OnnxModule model = Onnx.load(fixture("resnet.onnx"));
        model.train();
        Tensor x = Onnx.readTensor(fixture("resnet_input.pb"));
        model.call(x).pow(2).mean().backward();
        for (Map.Entry<String, Parameter> p : model.namedParameters().entrySet()) assertNotNull(p.getValue().grad(), p.getKey());
    }

    @Test
    void unsupportedOperatorIsNamedWithNodeAndFile(@TempDir Path dir) throws IOException {
        TypeProto type = TypeProto.tensor(TensorProto.FLOAT, null);
        GraphProto graph = new GraphProto(List.of(new NodeProto(List.of("x"), List.of("y"), "rnn_1", "LSTM", "", List.of(), "")), "g",
                List.of(), "", List.of(new ValueInfoProto("x", type, "")), List.of(new ValueInfoProto("y", type, "")), List.of());
        Path file = dir.resolve("lstm.onnx");
        Files.write(file, new ModelProto(8, List.of(new OperatorSetIdProto("", 13)), "", "", "", 0, "", graph, List.of()).toByteArray());
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class, () -> Onnx.load(file));
        assertEquals(file + ": unsupported ONNX operator LSTM in node 'rnn_1' (LSTM)", e.getMessage());
    }

    @Test
    void missingAndCorruptFilesFailInOneLine(@TempDir Path dir) throws IOException {
        UncheckedIOException missing = assertThrows(UncheckedIOException.class, () -> Onnx.load(dir.resolve("none.onnx")));
        assertEquals(dir.resolve("none.onnx") + ": no such file", missing.getMessage());
        Path corrupt = dir.resolve("corrupt.onnx");
        Files.writeString(corrupt, "this is not protobuf");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Onnx.load(corrupt));
        assertTrue(e.getMessage().startsWith(corrupt + ": not "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }
}
