package org.nabla.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nabla.autograd.GradMode;
import org.nabla.io.Json;
import org.nabla.tensor.Tensor;

/**
 * Runs the layers of {@code fixtures/norms.json} (written by {@code make_norm_fixtures.py} from PyTorch 1.13)
 * and compares outputs, gradients, running statistics and descriptions. Float32 throughout: values and
 * gradients must agree to 1e-5 relative plus 2e-6 absolute (the gradients of a normalisation subtract means of
 * O(1) terms, so float32 rounding differences of a few 1e-7 are expected).
 */
class NormFixtureTest {
    private static final String RESOURCE = "/fixtures/norms.json";
    private static final double RTOL = 1e-5, ATOL = 2e-6;
    private static final Map<String, Object> FIXTURES = load();

    @TestFactory
    Stream<DynamicTest> batchNorm() {
        return cases("batchnorm").map(c -> dynamicTest(name(c), () -> {
            int features = integer(c, "num_features");
            Double momentum = c.get("momentum") == null ? null : num(c, "momentum");
            boolean affine = (Boolean) c.get("affine"), track = (Boolean) c.get("track_running_stats");
            BatchNorm bn = c.get("layer").equals("BatchNorm1d")
                    ? new BatchNorm1d(features, num(c, "eps"), momentum, affine, track)
                    : new BatchNorm2d(features, num(c, "eps"), momentum, affine, track);
            assertThat(bn.toString()).isEqualTo(c.get("repr"));
            setAffine(c, bn.weight, bn.bias);
            List<?> steps = (List<?>) c.get("train");
            for (int i = 0; i < steps.size(); i++) {
                Map<String, Object> s = map(steps.get(i));
                String what = name(c) + ", training step " + (i + 1);
                checkStep(what, bn.train(), s, bn.weight, bn.bias);
                if (track) {
                    assertClose(what + ": running_mean", bn.runningMean, map(s.get("running_mean")));
                    assertClose(what + ": running_var", bn.runningVar, map(s.get("running_var")));
                    assertThat(bn.numBatchesTracked.item()).as(what + ": num_batches_tracked").isEqualTo(integer(s, "num_batches_tracked"));
                } else {
                    assertThat(bn.namedBuffers()).isEmpty();
                }
            }
            checkStep(name(c) + ", eval", bn.eval(), map(c.get("eval")), bn.weight, bn.bias);
        }));
    }

    @TestFactory
    Stream<DynamicTest> layerNorm() {
        return cases("layernorm").map(c -> dynamicTest(name(c), () -> {
            LayerNorm ln = new LayerNorm(ints(c.get("normalized_shape")), num(c, "eps"), (Boolean) c.get("elementwise_affine"));
            assertThat(ln.toString()).isEqualTo(c.get("repr"));
            setAffine(c, ln.weight, ln.bias);
            checkStep(name(c) + ", train", ln.train(), c, ln.weight, ln.bias);
            checkStep(name(c) + ", eval", ln.eval(), c, ln.weight, ln.bias);
        }));
    }

    @TestFactory
    Stream<DynamicTest> groupNorm() {
        return cases("groupnorm").map(c -> dynamicTest(name(c), () -> {
            GroupNorm gn = new GroupNorm(integer(c, "num_groups"), integer(c, "num_channels"), num(c, "eps"), (Boolean) c.get("affine"));
            assertThat(gn.toString()).isEqualTo(c.get("repr"));
            setAffine(c, gn.weight, gn.bias);
            checkStep(name(c) + ", train", gn.train(), c, gn.weight, gn.bias);
            checkStep(name(c) + ", eval", gn.eval(), c, gn.weight, gn.bias);
        }));
    }

    @TestFactory
    Stream<DynamicTest> embedding() {
        return cases("embedding").map(c -> dynamicTest(name(c), () -> {
            Integer padding = c.get("padding_idx") == null ? null : integer(c, "padding_idx");
            Embedding e = new Embedding(integer(c, "num_embeddings"), integer(c, "embedding_dim"), padding);
            assertThat(e.toString()).isEqualTo(c.get("repr"));
            try (var s = GradMode.noGrad()) {
                e.weight.copyFrom(tensor(map(c.get("weight"))));
            }
            Tensor y = e.call(tensor(map(c.get("indices"))));
            assertClose(name(c) + ": output", y, map(c.get("output")));
            y.backward(tensor(map(c.get("upstream"))));
            assertClose(name(c) + ": grad of weight", e.weight.grad(), map(c.get("grad_weight")));
        }));
    }

    /** One forward and backward: output, and the gradients of the input, weight and bias. */
    private static void checkStep(String what, Module layer, Map<String, Object> s, Parameter weight, Parameter bias) {
        layer.zeroGrad();
        Tensor x = tensor(map(s.get("input"))).requiresGrad(true);
        Tensor y = layer.call(x);
        assertClose(what + ": output", y, map(s.get("output")));
        y.backward(tensor(map(s.get("upstream"))));
        assertClose(what + ": grad of input", x.grad(), map(s.get("grad_input")));
        if (weight != null) {
            assertClose(what + ": grad of weight", weight.grad(), map(s.get("grad_weight")));
            assertClose(what + ": grad of bias", bias.grad(), map(s.get("grad_bias")));
        }
    }

    private static void setAffine(Map<String, Object> c, Parameter weight, Parameter bias) {
        assertThat(weight == null).isEqualTo(c.get("weight") == null);
        if (weight == null) return;
        try (var s = GradMode.noGrad()) {
            weight.copyFrom(tensor(map(c.get("weight"))));
            bias.copyFrom(tensor(map(c.get("bias"))));
        }
    }

    private static void assertClose(String what, Tensor actual, Map<String, Object> expected) {
        assertThat(actual).as(what + " is missing").isNotNull();
        assertThat(actual.shape()).as(what + ": shape").containsExactly(ints(expected.get("shape")));
        assertThat(actual.dtype().toString()).as(what + ": dtype").isEqualTo(expected.get("dtype"));
        List<?> data = (List<?>) expected.get("data");
        double[] got = actual.toDoubleArray();
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            double want = (float) ((Number) data.get(i)).doubleValue(); // the JSON holds the shortest decimal of the float
            if (!(Math.abs(got[i] - want) <= ATOL + RTOL * Math.abs(want))) mismatches.add("element " + i + ": expected " + want + " but got " + got[i]);
        }
        assertThat(mismatches).as("%s: values differ; got %s", what, Arrays.toString(got)).isEmpty();
    }

    // ---------------------------------------------------------------- reading the fixture

    private static Map<String, Object> load() {
        try (InputStream in = NormFixtureTest.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is not on the test classpath");
            return Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Map<String, Object>> cases(String section) {
        List<?> list = (List<?>) FIXTURES.get(section);
        assertThat(list).as("section %s of %s", section, RESOURCE).isNotEmpty();
        return list.stream().map(NormFixtureTest::map);
    }

    private static Tensor tensor(Map<String, Object> m) {
        int[] shape = ints(m.get("shape"));
        List<?> data = (List<?>) m.get("data");
        int n = data.size();
        return switch ((String) m.get("dtype")) {
            case "float32" -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) v[i] = ((Number) data.get(i)).floatValue();
                yield Tensor.of(v, shape);
            }
            case "int64" -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) v[i] = ((Number) data.get(i)).longValue();
                yield Tensor.of(v, shape);
            }
            default -> throw new IllegalArgumentException("unexpected dtype " + m.get("dtype") + " in " + RESOURCE);
        };
    }

    private static String name(Map<String, Object> c) { return (String) c.get("name"); }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) { return (Map<String, Object>) o; }

    private static double num(Map<String, Object> a, String key) { return ((Number) a.get(key)).doubleValue(); }

    private static int integer(Map<String, Object> a, String key) { return ((Number) a.get(key)).intValue(); }

    private static int[] ints(Object list) { return ((List<?>) list).stream().mapToInt(v -> ((Number) v).intValue()).toArray(); }
}
