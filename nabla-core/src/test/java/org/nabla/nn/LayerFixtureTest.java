package org.nabla.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.nabla.testing.Fixtures.assertTensor;
import static org.nabla.testing.Fixtures.integer;
import static org.nabla.testing.Fixtures.ints;
import static org.nabla.testing.Fixtures.map;
import static org.nabla.testing.Fixtures.num;
import static org.nabla.testing.Fixtures.tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nabla.tensor.Tensor;
import org.nabla.tensor.ValuesIndices;
import org.nabla.testing.Fixtures.Tolerance;
import org.nabla.testing.Fixtures;

/**
 * Runs every case of {@code fixtures/layers.json} and {@code fixtures/pad_pool_layers.json} (written by
 * {@code make_layer_fixtures.py} and {@code make_pad_pool_fixtures.py} with PyTorch 1.13): builds the layer from
 * PyTorch's keyword arguments, loads PyTorch's parameters, and compares the printed layer, the output (and the
 * indices of a return_indices layer), the input gradient and the parameter gradients (float32; rtol 1e-5, atol 1e-5).
 */
class LayerFixtureTest {
    private static final Tolerance TOLERANCE = Tolerance.float32(1e-5, 1e-5);

    @TestFactory
    Stream<DynamicTest> layersMatchPyTorch() { return cases("/fixtures/layers.json"); }

    @TestFactory
    Stream<DynamicTest> paddingAndPoolingLayersMatchPyTorch() { return cases("/fixtures/pad_pool_layers.json"); }

    private static Stream<DynamicTest> cases(String resource) {
        List<?> cases = (List<?>) Fixtures.load(resource).get("cases");
        assertThat(cases).isNotEmpty();
        return cases.stream().map(Fixtures::map).map(c -> dynamicTest((String) c.get("name"), () -> run(c)));
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
            ValuesIndices pooled = ((MaxPool2d) build("MaxPool2d", p)).callWithIndices(x);
            y = unpool.call(pooled.values(), pooled.indices(), c.containsKey("output_size") ? ints(c.get("output_size")) : null);
        } else if (c.containsKey("indices")) {
            ValuesIndices pooled = layer instanceof AdaptiveMaxPool2d p2 ? p2.callWithIndices(x) : ((AdaptiveMaxPool1d) layer).callWithIndices(x);
            assertTensor(name + ": indices", pooled.indices(), map(c.get("indices")), TOLERANCE);
            y = pooled.values();
        } else {
            y = layer.call(x);
        }
        assertTensor(name + ": output", y, map(c.get("output")), TOLERANCE);
        y.backward(tensor(map(c.get("upstream"))));
        assertTensor(name + ": input gradient", x.grad(), map(c.get("grad_input")), TOLERANCE);
        Map<String, Parameter> params = layer.namedParameters();
        Map<String, Object> grads = map(c.get("grads"));
        assertThat(params.keySet()).as(name + ": parameters").containsExactlyElementsOf(grads.keySet());
        grads.forEach((k, g) -> assertTensor(name + ": gradient of " + k, params.get(k).grad(), map(g), TOLERANCE));
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
            case "ReflectionPad1d" -> new ReflectionPad1d(ints(a.get("padding")));
            case "ReflectionPad2d" -> new ReflectionPad2d(ints(a.get("padding")));
            case "ReplicationPad1d" -> new ReplicationPad1d(ints(a.get("padding")));
            case "ReplicationPad2d" -> new ReplicationPad2d(ints(a.get("padding")));
            case "ZeroPad2d" -> new ZeroPad2d(ints(a.get("padding")));
            case "ConstantPad1d" -> new ConstantPad1d(ints(a.get("padding")), num(a, "value"));
            case "ConstantPad2d" -> new ConstantPad2d(ints(a.get("padding")), num(a, "value"));
            case "MaxPool1d" -> {
                int k = integer(a, "kernel_size");
                yield new MaxPool1d(k, a.containsKey("stride") ? integer(a, "stride") : k, a.containsKey("padding") ? integer(a, "padding") : 0,
                        bool(a, "ceil_mode", false));
            }
            case "AvgPool1d" -> {
                int k = integer(a, "kernel_size");
                yield new AvgPool1d(k, a.containsKey("stride") ? integer(a, "stride") : k, a.containsKey("padding") ? integer(a, "padding") : 0,
                        bool(a, "ceil_mode", false), bool(a, "count_include_pad", true));
            }
            case "AdaptiveAvgPool1d" -> new AdaptiveAvgPool1d(integer(a, "output_size"));
            case "AdaptiveMaxPool1d" -> new AdaptiveMaxPool1d(integer(a, "output_size"));
            case "AdaptiveMaxPool2d" -> {
                int[] s = ints(a.get("output_size"));
                yield s.length == 1 ? new AdaptiveMaxPool2d(s[0]) : new AdaptiveMaxPool2d(s[0], s[1]);
            }
            default -> throw new IllegalArgumentException("unknown layer " + layer);
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

    // ---------------------------------------------------------------- reading the fixture

    private static boolean bool(Map<String, Object> a, String key, boolean dflt) { return a.containsKey(key) ? (Boolean) a.get(key) : dflt; }

    private static int[] pair(Object v) {
        int[] p = ints(v);
        return p.length == 1 ? new int[] {p[0], p[0]} : p;
    }

    private static double[] doubles(Object v) {
        if (v instanceof Number n) return new double[] {n.doubleValue()};
        return ((List<?>) v).stream().mapToDouble(e -> ((Number) e).doubleValue()).toArray();
    }
}
