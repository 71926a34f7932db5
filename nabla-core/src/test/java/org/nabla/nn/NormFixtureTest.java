package org.nabla.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.nabla.testing.Fixtures.assertTensor;
import static org.nabla.testing.Fixtures.integer;
import static org.nabla.testing.Fixtures.ints;
import static org.nabla.testing.Fixtures.map;
import static org.nabla.testing.Fixtures.num;
import static org.nabla.testing.Fixtures.tensor;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nabla.autograd.GradMode;
import org.nabla.tensor.Tensor;
import org.nabla.testing.Fixtures.Tolerance;
import org.nabla.testing.Fixtures;

/**
 * Runs the layers of {@code fixtures/norms.json} (written by {@code make_norm_fixtures.py} from PyTorch 1.13)
 * and compares outputs, gradients, running statistics and descriptions. Float32 throughout: values and
 * gradients must agree to 1e-5 relative plus 2e-6 absolute (the gradients of a normalisation subtract means of
 * O(1) terms, so float32 rounding differences of a few 1e-7 are expected).
 */
class NormFixtureTest {
    private static final String RESOURCE = "/fixtures/norms.json";
    private static final Tolerance TOLERANCE = Tolerance.float32(1e-5, 2e-6);
    private static final Map<String, Object> FIXTURES = Fixtures.load(RESOURCE);

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
                    assertTensor(what + ": running_mean", bn.runningMean, map(s.get("running_mean")), TOLERANCE);
                    assertTensor(what + ": running_var", bn.runningVar, map(s.get("running_var")), TOLERANCE);
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
            assertTensor(name(c) + ": output", y, map(c.get("output")), TOLERANCE);
            y.backward(tensor(map(c.get("upstream"))));
            assertTensor(name(c) + ": grad of weight", e.weight.grad(), map(c.get("grad_weight")), TOLERANCE);
        }));
    }

    /** One forward and backward: output, and the gradients of the input, weight and bias. */
    private static void checkStep(String what, Module layer, Map<String, Object> s, Parameter weight, Parameter bias) {
        layer.zeroGrad();
        Tensor x = tensor(map(s.get("input"))).requiresGrad(true);
        Tensor y = layer.call(x);
        assertTensor(what + ": output", y, map(s.get("output")), TOLERANCE);
        y.backward(tensor(map(s.get("upstream"))));
        assertTensor(what + ": grad of input", x.grad(), map(s.get("grad_input")), TOLERANCE);
        if (weight != null) {
            assertTensor(what + ": grad of weight", weight.grad(), map(s.get("grad_weight")), TOLERANCE);
            assertTensor(what + ": grad of bias", bias.grad(), map(s.get("grad_bias")), TOLERANCE);
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

    // ---------------------------------------------------------------- reading the fixture

    private static Stream<Map<String, Object>> cases(String section) {
        return Fixtures.cases(FIXTURES, section);
    }

    private static String name(Map<String, Object> c) { return (String) c.get("name"); }

}
