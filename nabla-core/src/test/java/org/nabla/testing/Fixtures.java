package org.nabla.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.nabla.io.Json;
import org.nabla.tensor.Tensor;

/**
 * Reading the PyTorch fixtures (JSON written by the scripts in src/test/resources/fixtures) and comparing tensors
 * with them. A tensor is stored as {"dtype", "shape", "data", "requires_grad"?}; float32 data holds the shortest
 * decimal of each float.
 */
public final class Fixtures {
    private Fixtures() {}

    /** Relative and absolute tolerances for float32 and float64 values; integers compare exactly. */
    public record Tolerance(double rtol32, double atol32, double rtol64, double atol64) {
        public static final Tolerance DEFAULT = new Tolerance(1e-5, 1e-6, 1e-10, 1e-12);

        public static Tolerance float32(double rtol, double atol) { return new Tolerance(rtol, atol, DEFAULT.rtol64, DEFAULT.atol64); }

        boolean close(double got, double want, String dtype) {
            if (Double.isNaN(want) || Double.isNaN(got)) return Double.isNaN(want) && Double.isNaN(got);
            if (Double.isInfinite(want) || Double.isInfinite(got)) return got == want;
            return switch (dtype) {
                case "float32", "bool" -> Math.abs(got - want) <= atol32 + rtol32 * Math.abs(want);
                case "float64" -> Math.abs(got - want) <= atol64 + rtol64 * Math.abs(want);
                default -> got == want;
            };
        }
    }

    /** A fixture file from the test classpath. */
    public static Map<String, Object> load(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException(resource + " is not on the test classpath");
            return Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cases of one section, which must not be empty. */
    public static Stream<Map<String, Object>> cases(Map<String, Object> fixtures, String section) {
        List<?> list = (List<?>) fixtures.get(section);
        assertThat(list).as("fixture section %s", section).isNotEmpty();
        return list.stream().map(Fixtures::map);
    }

    /** A tensor from its JSON form; torch's bool becomes float32 1/0, Nabla's convention for comparisons. */
    public static Tensor tensor(Map<String, Object> m) {
        int[] shape = ints(m.get("shape"));
        List<?> data = (List<?>) m.get("data");
        int n = data.size();
        Tensor t = switch ((String) m.get("dtype")) {
            case "float32", "bool" -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) v[i] = ((Number) data.get(i)).floatValue();
                yield Tensor.of(v, shape);
            }
            case "float64" -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) v[i] = ((Number) data.get(i)).doubleValue();
                yield Tensor.of(v, shape);
            }
            case "int64" -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) v[i] = ((Number) data.get(i)).longValue();
                yield Tensor.of(v, shape);
            }
            case "int32" -> Tensor.of(ints(data), shape);
            default -> throw new IllegalArgumentException("unknown fixture dtype " + m.get("dtype"));
        };
        return Boolean.TRUE.equals(m.get("requires_grad")) ? t.requiresGrad(true) : t;
    }

    /**
     * Asserts shape, dtype (unless torch's bool, which Nabla has not) and every value within tol; the message lists
     * each mismatching element.
     */
    public static void assertTensor(String what, Tensor actual, Map<String, Object> expected, Tolerance tol) {
        String dtype = (String) expected.get("dtype");
        assertThat(actual).as("%s: missing", what).isNotNull();
        assertThat(actual.shape()).as("%s: shape", what).containsExactly(ints(expected.get("shape")));
        if (!dtype.equals("bool")) assertThat(actual.dtype().toString()).as("%s: dtype", what).isEqualTo(dtype);
        List<?> data = (List<?>) expected.get("data");
        double[] got = actual.toDoubleArray();
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            double want = ((Number) data.get(i)).doubleValue();
            if (dtype.equals("float32")) want = (float) want;
            if (!tol.close(got[i], want, dtype)) mismatches.add("element " + i + ": expected " + want + " but got " + got[i]);
        }
        assertThat(mismatches).as("%s (%s): values differ; got %s", what, dtype, Arrays.toString(got)).isEmpty();
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object o) { return (Map<String, Object>) o; }

    public static double num(Map<String, Object> a, String key) { return ((Number) a.get(key)).doubleValue(); }

    public static int integer(Map<String, Object> a, String key) { return ((Number) a.get(key)).intValue(); }

    /** An int or a list of ints. */
    public static int[] ints(Object v) {
        if (v instanceof Number n) return new int[] {n.intValue()};
        return ((List<?>) v).stream().mapToInt(e -> ((Number) e).intValue()).toArray();
    }
}
