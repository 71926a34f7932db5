package org.nabla.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nabla.io.Json;
import org.nabla.tensor.Tensor;
import org.nabla.tensor.ValuesIndices;

/**
 * Runs every case of {@code fixtures/layers.json} (written by {@code make_layer_fixtures.py} with PyTorch 1.13):
 * builds the layer from PyTorch's keyword arguments, loads PyTorch's parameters, and compares the printed layer,
 * the output, the input gradient and the parameter gradients (float32; rtol 1e-5, atol 1e-5).
 */
class LayerFixtureTest {
    private static final String RESOURCE = "/fixtures/layers.json";
    private static final double RTOL = 1e-5, ATOL = 1e-5;

    @TestFactory
    Stream<DynamicTest> layersMatchPyTorch() {
        List<?> cases = (List<?>) load().get("cases");
        assertThat(cases).isNotEmpty();
        return cases.stream().map(LayerFixtureTest::map).map(c -> dynamicTest((String) c.get("name"), () -> run(c)));
    }

    private static void run(Map<String, Object> c) {
        String name = (String) c.get("name");
        Map<String, Object> a = map(c.get("args"));
        Module layer = build((String) c.get("layer"), a);
        assertThat(layer.toString()).as(name + ": repr").isEqualTo(c.get("repr"));
        Map<String, Tensor> state = new LinkedHashMap<>();
        map(c.get("state")).forEach((k, v) -> state.put(k, tensor(map(v))));
        layer.loadStateDict(state, true);

        Tensor x = tensor(map(c.get("input"))).requiresGrad(true);
        Tensor y;
        if (layer instanceof MaxUnpool2d unpool) {
            Map<String, Object> p = map(c.get("pool"));
            ValuesIndices pooled = ((MaxPool2d) build("MaxPool2d", p)).forwardWithIndices(x);
            y = unpool.forward(pooled.values(), pooled.indices(), c.containsKey("output_size") ? ints(c.get("output_size")) : null);
        } else {
            y = layer.call(x);
        }
        assertClose(name + ": output", y, map(c.get("output")));
        y.backward(tensor(map(c.get("upstream"))));
        assertClose(name + ": input gradient", x.grad(), map(c.get("grad_input")));
        Map<String, Parameter> params = layer.namedParameters();
        Map<String, Object> grads = map(c.get("grads"));
        assertThat(params.keySet()).as(name + ": parameters").containsExactlyElementsOf(grads.keySet());
        grads.forEach((k, g) -> assertClose(name + ": gradient of " + k, params.get(k).grad(), map(g)));
    }

    /** The Nabla layer for torch.nn.<layer>(**args). */
    private static Module build(String layer, Map<String, Object> a) {
        return switch (layer) {
            case "Conv1d" -> conv(Conv1d.builder(integer(a, "in_channels"), integer(a, "out_channels"), ints(a.get("kernel_size"))[0]), a).build();
            case "Conv2d" -> {
                int[] k = pair(a.get("kernel_size"));
                yield conv(Conv2d.builder(integer(a, "in_channels"), integer(a, "out_channels"), k[0], k[1]), a).build();
            }
            case "ConvTranspose2d" -> {
                int[] k = pair(a.get("kernel_size"));
                var b = ConvTranspose2d.builder(integer(a, "in_channels"), integer(a, "out_channels"), k[0], k[1]);
                if (a.containsKey("output_padding")) b.outputPadding(ints(a.get("output_padding")));
                yield conv(b, a).build();
            }
            case "MaxPool2d" -> new MaxPool2d(ints(a.get("kernel_size")), a.containsKey("stride") ? ints(a.get("stride")) : null,
                    a.containsKey("padding") ? ints(a.get("padding")) : new int[] {0}, bool(a, "ceil_mode", false));
            case "AvgPool2d" -> new AvgPool2d(ints(a.get("kernel_size")), a.containsKey("stride") ? ints(a.get("stride")) : null,
                    a.containsKey("padding") ? ints(a.get("padding")) : new int[] {0}, bool(a, "ceil_mode", false), bool(a, "count_include_pad", true));
            case "AdaptiveAvgPool2d" -> {
                int[] s = ints(a.get("output_size"));
                yield s.length == 1 ? new AdaptiveAvgPool2d(s[0]) : new AdaptiveAvgPool2d(s[0], s[1]);
            }
            case "MaxUnpool2d" -> new MaxUnpool2d(ints(a.get("kernel_size")), a.containsKey("stride") ? ints(a.get("stride")) : null,
                    a.containsKey("padding") ? ints(a.get("padding")) : new int[] {0});
            case "Upsample" -> new Upsample(a.containsKey("size") ? ints(a.get("size")) : null,
                    a.containsKey("scale_factor") ? doubles(a.get("scale_factor")) : null, (String) a.get("mode"), bool(a, "align_corners", false));
            case "Flatten" -> new Flatten(a.containsKey("start_dim") ? integer(a, "start_dim") : 1, a.containsKey("end_dim") ? integer(a, "end_dim") : -1);
            default -> throw new IllegalArgumentException("unknown layer " + layer + " in " + RESOURCE);
        };
    }

    private static <T extends ConvNd> ConvNd.Builder<T> conv(ConvNd.Builder<T> b, Map<String, Object> a) {
        if (a.containsKey("stride")) b.stride(ints(a.get("stride")));
        if (a.get("padding") instanceof String mode) b.padding(mode);
        else if (a.containsKey("padding")) b.padding(ints(a.get("padding")));
        if (a.containsKey("dilation")) b.dilation(ints(a.get("dilation")));
        if (a.containsKey("groups")) b.groups(integer(a, "groups"));
        if (a.containsKey("bias")) b.bias(bool(a, "bias", true));
        return b;
    }

    private static void assertClose(String what, Tensor actual, Map<String, Object> expected) {
        assertThat(actual).as(what + ": missing").isNotNull();
        assertThat(actual.shape()).as(what + ": shape").containsExactly(ints(expected.get("shape")));
        double[] got = actual.toDoubleArray();
        List<?> data = (List<?>) expected.get("data");
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            double want = (float) ((Number) data.get(i)).doubleValue();
            if (!(Math.abs(got[i] - want) <= ATOL + RTOL * Math.abs(want))) bad.add("element " + i + ": expected " + want + " but got " + got[i]);
        }
        assertThat(bad).as(what).isEmpty();
    }

    // ---------------------------------------------------------------- reading the fixture

    private static Map<String, Object> load() {
        try (InputStream in = LayerFixtureTest.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is not on the test classpath");
            return Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A float32 tensor from {"dtype": "float32", "shape", "data"}. */
    private static Tensor tensor(Map<String, Object> m) {
        assertThat(m.get("dtype")).isEqualTo("float32");
        List<?> data = (List<?>) m.get("data");
        float[] v = new float[data.size()];
        for (int i = 0; i < v.length; i++) v[i] = ((Number) data.get(i)).floatValue();
        return Tensor.of(v, ints(m.get("shape")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) { return (Map<String, Object>) o; }

    private static int integer(Map<String, Object> a, String key) { return ((Number) a.get(key)).intValue(); }

    private static boolean bool(Map<String, Object> a, String key, boolean dflt) { return a.containsKey(key) ? (Boolean) a.get(key) : dflt; }

    /** An int or a list of ints. */
    private static int[] ints(Object v) {
        if (v instanceof Number n) return new int[] {n.intValue()};
        return ((List<?>) v).stream().mapToInt(e -> ((Number) e).intValue()).toArray();
    }

    private static int[] pair(Object v) {
        int[] p = ints(v);
        return p.length == 1 ? new int[] {p[0], p[0]} : p;
    }

    private static double[] doubles(Object v) {
        if (v instanceof Number n) return new double[] {n.doubleValue()};
        return ((List<?>) v).stream().mapToDouble(e -> ((Number) e).doubleValue()).toArray();
    }
}
