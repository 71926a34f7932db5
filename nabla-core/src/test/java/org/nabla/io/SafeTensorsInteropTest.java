package org.nabla.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nabla.autograd.GradMode;
import org.nabla.models.Models;
import org.nabla.nn.Linear;
import org.nabla.nn.Sequential;
import org.nabla.nn.activation.ReLU;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * Weights between PyTorch and Nabla, both ways, with the files of {@code fixtures/make_safetensors_fixtures.py}:
 * a PyTorch LeNet-5 state dict loads into {@link Models#lenet5} and gives PyTorch's output; and
 * {@code nabla_written.safetensors}, which that script parsed, checked and loaded into torch with
 * {@code load_state_dict(strict=True)}, is still exactly what Nabla's writer produces.
 */
class SafeTensorsInteropTest {
    @Test
    @SuppressWarnings("unchecked")
    void pytorchLenet5LoadsAndGivesPytorchOutput() throws Exception {
        Map<String, Object> doc = Json.parseObject(text("lenet5_torch.json"));
        Sequential model = Models.lenet5(new Generator(0));
        Map<String, Tensor> weights = SafeTensors.load(resource("lenet5_torch.safetensors"));
        assertThat(weights.keySet()).containsExactlyInAnyOrderElementsOf(model.stateDict().keySet());
        model.loadStateDict(weights, true);
        model.eval();
        Tensor x = tensor((Map<String, Object>) doc.get("input")).to(DType.FLOAT32);
        Tensor expected = tensor((Map<String, Object>) doc.get("output")).to(DType.FLOAT32);
        try (var s = GradMode.noGrad()) {
            Tensor y = model.call(x);
            assertThat(y.shape()).isEqualTo(expected.shape());
            float[] got = y.toFloatArray(), want = expected.toFloatArray();
            for (int i = 0; i < want.length; i++) assertThat(got[i]).as("output %d", i).isCloseTo(want[i], within(1e-5f));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void readsEveryDtypePytorchWrites() throws Exception {
        Map<String, Object> expected = (Map<String, Object>) Json.parseObject(text("lenet5_torch.json")).get("dtypes");
        Map<String, Tensor> got = SafeTensors.load(resource("torch_dtypes.safetensors"));
        assertThat(got.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        Map<String, DType> dtypes = Map.of("f32", DType.FLOAT32, "f64", DType.FLOAT64, "f16", DType.FLOAT32, "bf16", DType.FLOAT32,
                "i64", DType.INT64, "i32", DType.INT32, "scalar", DType.FLOAT32);
        for (var e : expected.entrySet()) {
            Tensor t = got.get(e.getKey()), want = tensor((Map<String, Object>) e.getValue());
            assertThat(t.dtype()).as(e.getKey()).isEqualTo(dtypes.get(e.getKey()));
            assertThat(t.shape()).as(e.getKey()).isEqualTo(want.shape());
            if (t.dtype() == DType.INT64) assertThat(t.toLongArray()).isEqualTo(longs((Map<String, Object>) e.getValue()));
            else if (t.dtype() == DType.FLOAT32) assertThat(t.toFloatArray()).as(e.getKey()).isEqualTo(want.to(DType.FLOAT32).toFloatArray());
            else assertThat(t.toDoubleArray()).as(e.getKey()).isEqualTo(want.toDoubleArray());
        }
    }

    /** The tensors of nabla_written.safetensors; the script checks the same values (its nabla_value). */
    static Map<String, Tensor> nablaWritten() {
        Sequential mlp = new Sequential(new Linear(4, 3, true, new Generator(0)), new ReLU(), new Linear(3, 2, true, new Generator(0)));
        Map<String, Tensor> out = new LinkedHashMap<>();
        mlp.stateDict().forEach((k, t) -> {
            float[] v = new float[t.numel()];
            for (int i = 0; i < v.length; i++) v[i] = (i % 11 - 5) / 4f;
            out.put(k, Tensor.of(v, t.shape()));
        });
        out.put("extra.f64", Tensor.of(new double[] {0 / 3.0, 1 / 3.0, 2 / 3.0, 3 / 3.0}, 2, 2));
        out.put("extra.i64", Tensor.of(new long[] {-(1L << 40), 0, (1L << 62) + 5}, 3));
        out.put("extra.i32", Tensor.of(new int[] {-7, 123456}, 2, 1));
        out.put("extra.scalar", Tensor.scalar(2.5));
        out.put("extra.empty", Tensor.zeros(0, 3));
        return out;
    }

    @Test
    void writerStillProducesTheFilePytorchVerified() throws Exception {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("producer", "nabla");
        meta.put("note", "ünïcode");
        byte[] bytes = SafeTensors.toBytes(nablaWritten(), meta);
        var url = SafeTensorsInteropTest.class.getResource("/fixtures/nabla_written.safetensors");
        byte[] committed = url == null ? new byte[0] : Files.readAllBytes(Path.of(url.toURI()));
        if (!java.util.Arrays.equals(bytes, committed)) {
            Path fresh = Path.of("target", "nabla_written.safetensors");
            Files.createDirectories(fresh.getParent());
            Files.write(fresh, bytes);
            throw new AssertionError("SafeTensors writes different bytes than the committed nabla_written.safetensors; if intended, copy "
                    + fresh.toAbsolutePath() + " to src/test/resources/fixtures/ and rerun make_safetensors_fixtures.py to verify it with PyTorch");
        }
        // And it reads back to the same tensors.
        Map<String, Tensor> back = SafeTensors.load(resource("nabla_written.safetensors"));
        nablaWritten().forEach((k, t) -> assertThat(back.get(k).toDoubleArray()).as(k).isEqualTo(t.toDoubleArray()));
        // The same weights give the output the script got from torch.
        Sequential mlp = new Sequential(new Linear(4, 3, true, new Generator(1)), new ReLU(), new Linear(3, 2, true, new Generator(1)));
        mlp.loadStateDict(back, false);
        try (var s = GradMode.noGrad()) {
            assertThat(mlp.call(Tensor.of(new float[] {1, 2, 3, 4}, 1, 4)).toFloatArray()).containsExactly(-3.3125f, -1.375f);
        }
    }

    private static Tensor tensor(Map<String, Object> spec) {
        List<Object> shapeList = (List<Object>) spec.get("shape"), data = (List<Object>) spec.get("data");
        int[] shape = shapeList.stream().mapToInt(o -> ((Double) o).intValue()).toArray();
        double[] v = data.stream().mapToDouble(o -> (Double) o).toArray();
        return Tensor.of(v, shape);
    }

    @SuppressWarnings("unchecked")
    private static long[] longs(Map<String, Object> spec) {
        return ((List<Object>) spec.get("data")).stream().mapToLong(o -> (long) (double) (Double) o).toArray();
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(SafeTensorsInteropTest.class.getResource("/fixtures/" + name).toURI());
    }

    private static String text(String name) throws IOException {
        try (InputStream in = SafeTensorsInteropTest.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
