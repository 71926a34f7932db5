package org.nabla.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.nabla.testing.Fixtures.ints;
import static org.nabla.testing.Fixtures.map;
import static org.nabla.testing.Fixtures.tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nabla.testing.Fixtures;

/**
 * Runs the forward and backward cases of an op-table fixture (written by a script that uses
 * {@code fixtures/fixture_cases.py}) through the subclass's op table, which mirrors the script's {@code OPS}, and
 * compares shapes, dtypes, strides where stored, values and gradients.
 */
abstract class OpTableFixtureTest {
    private final String resource;
    private final Map<String, Object> fixtures;

    OpTableFixtureTest(String resource) {
        this.resource = resource;
        this.fixtures = Fixtures.load(resource);
    }

    /** The outputs of op on the inputs xs with the case's arguments a. */
    protected abstract List<Tensor> run(String op, List<Tensor> xs, Map<String, Object> a);

    @TestFactory
    Stream<DynamicTest> forward() {
        return cases("forward").map(c -> dynamicTest(name(c), () -> assertOutputs(c, run(c))));
    }

    @TestFactory
    Stream<DynamicTest> backward() {
        return cases("backward").map(c -> dynamicTest(name(c), () -> {
            List<Tensor> inputs = inputs(c);
            List<Tensor> outputs = run(op(c), inputs, args(c));
            assertOutputs(c, outputs);
            outputs.get(0).backward(tensor(map(c.get("upstream"))));
            List<?> grads = (List<?>) c.get("grads");
            for (int i = 0; i < grads.size(); i++) {
                if (grads.get(i) == null) continue; // torch: this input does not require grad
                Tensor g = inputs.get(i).grad();
                assertThat(g).as("%s: input %d has no gradient", name(c), i).isNotNull();
                assertTensor(name(c) + ": grad of input " + i, g, map(grads.get(i)));
            }
        }));
    }

    // ---------------------------------------------------------------- comparing

    private static void assertOutputs(Map<String, Object> c, List<Tensor> actual) {
        List<?> expected = (List<?>) c.get("outputs");
        assertThat(actual).as("%s: number of outputs", name(c)).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) assertTensor(name(c) + ": output " + i, actual.get(i), map(expected.get(i)));
    }

    /** The common checks, plus the strides of view results. Torch's bool results are compared by value only (Nabla has no bool dtype). */
    private static void assertTensor(String what, Tensor actual, Map<String, Object> expected) {
        Fixtures.assertTensor(what, actual, expected, Fixtures.Tolerance.DEFAULT);
        if (expected.containsKey("stride"))
            assertThat(actual.stride()).as("%s: stride", what).containsExactly(ints(expected.get("stride")));
    }

    // ---------------------------------------------------------------- reading the fixture

    protected Stream<Map<String, Object>> cases(String section) { return Fixtures.cases(fixtures, section); }

    protected List<Tensor> run(Map<String, Object> c) { return run(op(c), inputs(c), args(c)); }

    protected IllegalArgumentException unknown(String op) { return new IllegalArgumentException("unknown op '" + op + "' in " + resource); }

    private static List<Tensor> inputs(Map<String, Object> c) {
        return ((List<?>) c.get("inputs")).stream().map(i -> tensor(map(i))).toList();
    }

    protected static List<Tensor> valuesIndices(ValuesIndices vi) { return List.of(vi.values(), vi.indices()); }

    protected static DType dtype(String name) {
        return Arrays.stream(DType.values()).filter(d -> d.toString().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown dtype " + name));
    }

    protected static String name(Map<String, Object> c) { return (String) c.get("name"); }

    private static String op(Map<String, Object> c) { return (String) c.get("op"); }

    private static Map<String, Object> args(Map<String, Object> c) { return map(c.get("args")); }

    /** The dims to reduce; JSON null (torch's dim=None) is Nabla's empty array. */
    protected static int[] dimsOrAll(Map<String, Object> a) { return a.get("dim") == null ? new int[0] : ints(a.get("dim")); }

    protected static boolean bool(Map<String, Object> a, String key) { return (Boolean) a.get(key); }
}
