package org.nabla.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.nabla.io.Json;
import org.nabla.tensor.DType;
import org.nabla.tensor.Tensor;

/**
 * Reads {@code fixtures/optim.json} (written by {@code make_optim_fixtures.py} from PyTorch 1.13) and rebuilds its
 * problem and optimizers in Nabla: parameters w [3, 2] and b [2], loss = mean((x·w + b − y)²), float64.
 */
public final class OptimFixtures {
    public static final Map<String, Object> FIXTURES = load();

    private OptimFixtures() {}

    private static Map<String, Object> load() {
        String resource = "/fixtures/optim.json";
        try (InputStream in = OptimFixtures.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " is not on the test classpath");
            return Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object o) { return (Map<String, Object>) o; }

    public static Stream<Map<String, Object>> cases(String section) {
        List<?> list = (List<?>) FIXTURES.get(section);
        assertThat(list).as("section %s", section).isNotEmpty();
        return list.stream().map(OptimFixtures::map);
    }

    public static double[] doubles(Object list) {
        List<?> l = (List<?>) list;
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = ((Number) l.get(i)).doubleValue();
        return out;
    }

    private static Tensor problem(String key, int... shape) {
        return Tensor.of(doubles(map(FIXTURES.get("problem")).get(key)), shape);
    }

    /** Fresh parameters [w, b] at the problem's initial values. */
    public static List<Tensor> initialParams() {
        return List.of(problem("w", 3, 2).requiresGrad(true), problem("b", 2).requiresGrad(true));
    }

    public static final Tensor X = problem("x", 6, 3), Y = problem("y", 6, 2);

    /** mean((x·w + b − y)²). */
    public static Tensor loss(List<Tensor> params) {
        return X.matmul(params.get(0)).add(params.get(1)).sub(Y).square().mean();
    }

    /** The case's optimizer over {@code params} (w, b), with its options and param groups. */
    public static Optimizer optimizer(Map<String, Object> c, List<Tensor> params) {
        String kind = (String) c.get("optimizer");
        Map<String, Object> options = map(c.get("options"));
        List<ParamGroup> groups = new ArrayList<>();
        if (c.get("groups") == null) {
            groups.add(ParamGroup.of(params));
        } else {
            for (Object g : (List<?>) c.get("groups")) {
                List<Tensor> ps = new ArrayList<>();
                for (double i : doubles(map(g).get("params"))) ps.add(params.get((int) i));
                Map<String, Number> overrides = numbers(map(map(g).get("options")));
                groups.add(ParamGroup.of(ps, o -> OptionNames.with(o, overrides, kind)));
            }
        }
        return make(kind, options, groups);
    }

    public static Optimizer make(String kind, Map<String, Object> options, List<ParamGroup> groups) {
        return switch (kind) {
            case "SGD" -> new SGD(fill(SGD.Options.defaults(), options), groups);
            case "Adagrad" -> new Adagrad(fill(Adagrad.Options.defaults(), options), groups);
            case "RMSprop" -> new RMSprop(fill(RMSprop.Options.defaults(), options), groups);
            case "Adadelta" -> new Adadelta(fill(Adadelta.Options.defaults(), options), groups);
            case "Adam" -> new Adam(fill(Adam.Options.defaults(), options), groups);
            case "AdamW" -> new AdamW(fill(AdamW.Options.defaults(), options), groups);
            default -> throw new IllegalArgumentException("unknown optimizer " + kind);
        };
    }

    /** {@code o} with the fixture's values by PyTorch name (booleans as 1/0). */
    private static <O extends OptimizerOptions> O fill(O o, Map<String, Object> values) {
        return OptionNames.with(o, numbers(values), o.getClass().getSimpleName());
    }

    private static Map<String, Number> numbers(Map<String, Object> values) {
        Map<String, Number> out = new java.util.LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, (Number) v));
        return out;
    }

    /** {@code steps} training steps (zeroGrad, loss, backward, step); returns the loss before each. */
    public static double[] train(Optimizer opt, List<Tensor> params, int steps) {
        double[] losses = new double[steps];
        for (int i = 0; i < steps; i++) {
            opt.zeroGrad();
            Tensor loss = loss(params);
            losses[i] = loss.item();
            loss.backward();
            opt.step();
        }
        return losses;
    }

    /** Float64 copies of the values of tensors, flattened, concatenated. */
    public static double[] values(List<Tensor> params) {
        List<Double> out = new ArrayList<>();
        for (Tensor p : params) for (double v : p.to(DType.FLOAT64).toDoubleArray()) out.add(v);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** |actual − expected| ≤ rtol·|expected| + atol for every element; the message names the first failure. */
    public static void assertClose(String what, double[] actual, double[] expected, double rtol, double atol) {
        assertThat(actual.length).as("%s: length", what).isEqualTo(expected.length);
        for (int i = 0; i < actual.length; i++) {
            double tol = rtol * Math.abs(expected[i]) + atol;
            if (!(Math.abs(actual[i] - expected[i]) <= tol))
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i] + " (tolerance " + tol + ")");
        }
    }

    /** The largest |actual − expected| / |expected| (for reports). */
    public static double maxRelError(double[] actual, double[] expected) {
        double worst = 0;
        for (int i = 0; i < actual.length; i++)
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), 1e-300));
        return worst;
    }
}
