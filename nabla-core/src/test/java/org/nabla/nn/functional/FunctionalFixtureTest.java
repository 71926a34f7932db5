package org.nabla.nn.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.nabla.testing.Fixtures.assertTensor;
import static org.nabla.testing.Fixtures.integer;
import static org.nabla.testing.Fixtures.map;
import static org.nabla.testing.Fixtures.num;
import static org.nabla.testing.Fixtures.tensor;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nabla.nn.loss.Reduction;
import org.nabla.tensor.Activations;
import org.nabla.tensor.Tensor;
import org.nabla.testing.Fixtures.Tolerance;
import org.nabla.testing.Fixtures;

/**
 * Runs every case of {@code fixtures/losses.json} (written by {@code make_loss_fixtures.py} from PyTorch 1.13)
 * through {@link F} and compares the output and the gradient of every input that requires one. The op table in
 * {@link #run} mirrors the script's {@code OPS} table entry for entry.
 */
class FunctionalFixtureTest {
    private static final String RESOURCE = "/fixtures/losses.json";
    private static final Map<String, Object> FIXTURES = Fixtures.load(RESOURCE);

    @TestFactory
    Stream<DynamicTest> valuesAndGradientsMatchPyTorch() {
        List<?> cases = (List<?>) FIXTURES.get("cases");
        assertThat(cases).isNotEmpty();
        return cases.stream().map(Fixtures::map).map(c -> dynamicTest(name(c), () -> {
            List<Tensor> inputs = ((List<?>) c.get("inputs")).stream().map(i -> tensor(map(i))).toList();
            Tensor out = run((String) c.get("op"), inputs, map(c.get("args")));
            assertTensor(name(c) + ": output", out, map(((List<?>) c.get("outputs")).get(0)), Tolerance.DEFAULT);
            if (inputs.stream().noneMatch(Tensor::requiresGrad)) return;
            out.backward(tensor(map(c.get("upstream"))));
            List<?> grads = (List<?>) c.get("grads");
            for (int i = 0; i < grads.size(); i++) {
                if (grads.get(i) == null) continue;
                Tensor g = inputs.get(i).grad();
                assertThat(g).as("%s: input %d has no gradient", name(c), i).isNotNull();
                assertTensor(name(c) + ": grad of input " + i, g, map(grads.get(i)), Tolerance.DEFAULT);
            }
        }));
    }

    // ---------------------------------------------------------------- the op table (mirrors OPS in the script)

    private static Tensor run(String op, List<Tensor> xs, Map<String, Object> a) {
        Tensor x = xs.get(0), y = xs.size() > 1 ? xs.get(1) : null;
        return switch (op) {
            case "relu" -> F.relu(x);
            case "leaky_relu" -> F.leakyRelu(x, num(a, "negative_slope"));
            case "elu" -> F.elu(x, num(a, "alpha"));
            case "selu" -> F.selu(x);
            case "gelu" -> F.gelu(x, (String) a.get("approximate"));
            case "sigmoid" -> F.sigmoid(x);
            case "tanh" -> F.tanh(x);
            case "sign" -> F.sign(x);
            case "softmax" -> F.softmax(x, integer(a, "dim"));
            case "log_softmax" -> F.logSoftmax(x, integer(a, "dim"));
            case "prelu" -> F.prelu(x, y);
            case "softplus" -> F.softplus(x, num(a, "beta"), num(a, "threshold"));
            case "erf" -> Activations.erf(x);
            case "linear" -> F.linear(x, y, xs.size() > 2 ? xs.get(2) : null);
            case "mse_loss" -> F.mseLoss(x, y, reduction(a));
            case "l1_loss" -> F.l1Loss(x, y, reduction(a));
            case "huber_loss" -> F.huberLoss(x, y, num(a, "delta"), reduction(a));
            case "smooth_l1_loss" -> F.smoothL1Loss(x, y, num(a, "beta"), reduction(a));
            case "cross_entropy" -> F.crossEntropy(x, y, optional(a, "weight"), integer(a, "ignore_index"), num(a, "label_smoothing"), reduction(a));
            case "nll_loss" -> F.nllLoss(x, y, optional(a, "weight"), integer(a, "ignore_index"), reduction(a));
            case "binary_cross_entropy" -> F.binaryCrossEntropy(x, y, optional(a, "weight"), reduction(a));
            case "binary_cross_entropy_with_logits" -> F.binaryCrossEntropyWithLogits(x, y, optional(a, "weight"), optional(a, "pos_weight"), reduction(a));
            case "hinge_loss" -> F.hingeLoss(x, y, num(a, "margin"), reduction(a));
            case "multi_margin_loss" -> F.multiMarginLoss(x, y, integer(a, "p"), num(a, "margin"), optional(a, "weight"), reduction(a));
            case "kl_div" -> F.klDiv(x, y, reduction(a), (Boolean) a.get("log_target"));
            case "sigmoid_focal_loss" -> F.sigmoidFocalLoss(x, y, num(a, "alpha"), num(a, "gamma"), reduction(a));
            default -> throw new IllegalArgumentException("unknown op '" + op + "' in " + RESOURCE);
        };
    }

    private static Reduction reduction(Map<String, Object> a) { return Reduction.of((String) a.get("reduction")); }

    private static Tensor optional(Map<String, Object> a, String key) { return a.get(key) == null ? null : tensor(map(a.get(key))); }

    // ---------------------------------------------------------------- comparing

    // ---------------------------------------------------------------- reading the fixture

    private static String name(Map<String, Object> c) { return (String) c.get("name"); }

}
