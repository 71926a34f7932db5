package org.nabla.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nabla.autograd.GradMode;
import org.nabla.models.Models;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.nn.activation.GELU;
import org.nabla.onnx.proto.ModelProto;
import org.nabla.onnx.proto.NodeProto;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

class OnnxExportTest {
    private static int[] sampleShape(String model) {
        return switch (model) {
            case "mlp", "lenet5" -> new int[] {1, 28, 28};
            case "resnet18", "googlenet", "densenet_bc", "inception_cifar", "vgg_cifar" -> new int[] {3, 32, 32};
            default -> new int[] {3, 16, 16};
        };
    }

    /** The model with batch-norm statistics moved off their initial values, so eval mode is not the identity. */
    private static Module trained(String name) {
        int[] s = sampleShape(name);
        Module m = Models.create(name, s, 10, new Generator(3));
        m.train();
        try (var g = GradMode.noGrad()) {
            for (int i = 0; i < 3; i++) m.call(Tensor.randn(new Generator(10 + i), 4, s[0], s[1], s[2]).mul(2).add(0.5));
        }
        return m.eval();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "lenet5", "cifar_cnn", "resnet20", "se_resnet20", "resnet18", "googlenet", "densenet_bc", "inception_cifar", "vgg_cifar"})
    void anExportedModelReadBackGivesTheModelsOutputs(String name) {
        Module m = trained(name);
        int[] s = sampleShape(name);
        ModelProto exported = OnnxExport.export(m, s);
        OnnxModule back = Onnx.load(ModelProto.parse(exported.toByteArray()), name);
        Tensor x = Tensor.randn(new Generator(5), 3, s[0], s[1], s[2]);
        try (var g = GradMode.noGrad()) {
            float[] want = m.call(x).toFloatArray(), got = back.call(x).toFloatArray();
            assertEquals(want.length, got.length);
            for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-4 * Math.max(1, Math.abs(want[i])), name + " output " + i);
        }
        // parameters keep their state-dict names (all of them but googlenet's auxiliary heads, unused in eval); the batch dim is symbolic
        List<String> initializers = exported.graph().initializer().stream().map(t -> t.name()).toList();
        List<String> unexported = m.namedParameters().keySet().stream().filter(k -> !initializers.contains(k)).toList();
        assertTrue(unexported.stream().allMatch(k -> k.startsWith("aux")), "not exported: " + unexported);
        assertEquals("N", exported.graph().input().getFirst().type().tensorType().shape().dims().getFirst().dimParam());
    }

    @Test
    void layersBecomeOneNodeEachAndTheResidualAdditionsAreKept() {
        ModelProto p = OnnxExport.export(trained("resnet20"), new int[] {3, 16, 16});
        List<String> ops = p.graph().node().stream().map(NodeProto::opType).toList();
        assertEquals(21, ops.stream().filter("Conv"::equals).count()); // the stem, 9 blocks x 2, 2 shortcut 1x1s
        assertEquals(21, ops.stream().filter("BatchNormalization"::equals).count());
        assertEquals(9, ops.stream().filter("Add"::equals).count());
        assertEquals(1, ops.stream().filter("GlobalAveragePool"::equals).count());
        assertEquals("Gemm", ops.getLast());
    }

    @Test
    void anOpWithoutAnOnnxFormIsNamed() {
        Module m = new Sequential(new Linear(4, 3, true, new Generator(0)), new GELU());
        var e = assertThrows(UnsupportedOnnxException.class, () -> OnnxExport.export(m, new int[] {4}));
        assertTrue(e.getMessage().contains("Gelu"), e.getMessage());
    }

    @Test
    void exportedFilesPassTheOnnxChecker(@TempDir Path dir) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(python) && run(python.toString(), "-c", "import onnx").exitCode == 0,
                "python3-onnx is not installed");
        for (String name : List.of("lenet5", "resnet20")) {
            Path file = dir.resolve(name + ".onnx");
            OnnxExport.save(trained(name), sampleShape(name), file);
            Result r = run(python.toString(), "-c", "import onnx, sys; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); print('ok')",
                    file.toString());
            assertEquals(0, r.exitCode, name + ": " + r.output);
            assertTrue(r.output.contains("ok"), r.output);
        }
    }

    private record Result(int exitCode, String output) {}

    private static Result run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out);
    }

    @Test
    void theSampleShapeSetsTheTracedInput() {
        ModelProto p = OnnxExport.export(Models.create("mlp", new int[] {1, 28, 28}, 10, new Generator(0)), new int[] {1, 28, 28});
        var dims = p.graph().input().getFirst().type().tensorType().shape().dims();
        assertArrayEquals(new Long[] {null, 1L, 28L, 28L}, dims.stream().map(d -> d.dimValue()).toArray(Long[]::new));
        assertEquals(OnnxExport.OPSET, p.defaultOpsetVersion());
    }
}
