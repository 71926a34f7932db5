package org.nabla.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.nabla.testing.Fixtures.assertTensor;
import static org.nabla.testing.Fixtures.integer;
import static org.nabla.testing.Fixtures.map;
import static org.nabla.testing.Fixtures.num;
import static org.nabla.testing.Fixtures.tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.testing.Fixtures;
import org.nabla.testing.Fixtures.Tolerance;

/**
 * Runs {@code fixtures/dropout_layers.json} (written by {@code make_dropout_fixtures.py}: PyTorch and
 * torchvision given the masks Nabla's generator draws): DropConnect and StochasticDepth, the layers and their F
 * functions, in training and eval, against the output and the gradients (float32 rtol 1e-5, atol 1e-5).
 */
class DropoutFixtureTest {
    private static final Tolerance TOLERANCE = Tolerance.float32(1e-5, 1e-5);

    @TestFactory
    Stream<DynamicTest> dropConnectAndStochasticDepthMatchPyTorch() {
        List<?> cases = (List<?>) Fixtures.load("/fixtures/dropout_layers.json").get("cases");
        assertThat(cases).isNotEmpty();
        return cases.stream().map(Fixtures::map).map(c -> dynamicTest((String) c.get("name"), () -> run(c)));
    }

    private static void run(Map<String, Object> c) {
        String name = (String) c.get("name");
        long seed = integer(c, "seed");
        double p = num(c, "p");
        boolean training = (Boolean) c.get("training");
        Tensor x = tensor(map(c.get("input"))).requiresGrad(true);
        Tensor y;
        Module layer;
        Tensor functional;
        if (c.get("layer").equals("DropConnect")) {
            Tensor w = tensor(map(c.get("weight"))), b = c.get("bias") == null ? null : tensor(map(c.get("bias")));
            DropConnect fc = new DropConnect(w.size(1), w.size(0), p, b != null, new Generator(0), new Generator(seed));
            Map<String, Tensor> state = new LinkedHashMap<>();
            state.put("weight", w);
            if (b != null) state.put("bias", b);
            fc.loadStateDict(state, true);
            layer = fc;
            functional = F.dropConnect(x.detach(), w, b, p, training, new Generator(seed));
        } else {
            String mode = (String) c.get("mode");
            layer = new StochasticDepth(p, mode, new Generator(seed));
            assertThat(layer.toString()).as(name + ": repr").isEqualTo(c.get("repr"));
            functional = F.stochasticDepth(x.detach(), p, mode, training, new Generator(seed));
        }
        layer.train(training);
        y = layer.call(x);
        assertTensor(name + ": output", y, map(c.get("output")), TOLERANCE);
        assertThat(functional.toDoubleArray()).as(name + ": F gives the layer's output").containsExactly(y.toDoubleArray());
        y.backward(tensor(map(c.get("upstream"))));
        assertTensor(name + ": input gradient", x.grad(), map(c.get("grad_input")), TOLERANCE);
        if (layer instanceof DropConnect fc) {
            assertTensor(name + ": weight gradient", fc.weight.grad(), map(c.get("grad_weight")), TOLERANCE);
            if (fc.bias != null) assertTensor(name + ": bias gradient", fc.bias.grad(), map(c.get("grad_bias")), TOLERANCE);
        }
    }
}
