package org.nabla.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static org.nabla.testing.Fixtures.integer;
import static org.nabla.testing.Fixtures.ints;
import static org.nabla.testing.Fixtures.num;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case of {@code fixtures/tensor_ops.json} (written by {@code make_tensor_fixtures.py} from PyTorch
 * 1.13) through Nabla and compares shapes, dtypes, strides where stored, values, gradients and printed strings.
 * The op table in {@link #run} mirrors the script's {@code OPS} table entry for entry.
 */
class TorchFixtureTest extends OpTableFixtureTest {

    TorchFixtureTest() { super("/fixtures/tensor_ops.json"); }

    @TestFactory
    Stream<DynamicTest> strings() {
        return cases("strings").map(c -> dynamicTest(name(c), () -> {
            // PyTorch writes the dtype as torch.float64, Nabla as float64; everything else must be identical.
            String expected = ((String) c.get("str")).replace("dtype=torch.", "dtype=");
            assertThat(run(c).get(0).toString()).as(name(c)).isEqualTo(expected);
        }));
    }

    // ---------------------------------------------------------------- the op table (mirrors OPS in the script)

    @Override
    protected List<Tensor> run(String op, List<Tensor> xs, Map<String, Object> a) {
        Tensor x = xs.isEmpty() ? null : xs.get(0);
        return switch (op) {
            case "identity" -> List.of(x);
            case "add" -> binary(xs, a, Tensor::add, Tensor::add);
            case "sub" -> binary(xs, a, Tensor::sub, Tensor::sub);
            case "mul" -> binary(xs, a, Tensor::mul, Tensor::mul);
            case "div" -> binary(xs, a, Tensor::div, Tensor::div);
            case "pow" -> binary(xs, a, Tensor::pow, Tensor::pow);
            case "maximum" -> List.of(x.maximum(xs.get(1)));
            case "minimum" -> List.of(x.minimum(xs.get(1)));
            case "eq" -> binary(xs, a, Tensor::eq, Tensor::eq);
            case "ne" -> binary(xs, a, Tensor::ne, Tensor::ne);
            case "lt" -> binary(xs, a, Tensor::lt, Tensor::lt);
            case "le" -> binary(xs, a, Tensor::le, Tensor::le);
            case "gt" -> binary(xs, a, Tensor::gt, Tensor::gt);
            case "ge" -> binary(xs, a, Tensor::ge, Tensor::ge);
            case "neg" -> List.of(x.neg());
            case "exp" -> List.of(x.exp());
            case "log" -> List.of(x.log());
            case "sqrt" -> List.of(x.sqrt());
            case "abs" -> List.of(x.abs());
            case "sign" -> List.of(x.sign());
            case "relu" -> List.of(x.relu());
            case "sigmoid" -> List.of(x.sigmoid());
            case "tanh" -> List.of(x.tanh());
            case "clamp" -> {
                Object min = a.get("min"), max = a.get("max");
                if (min == null) yield List.of(x.clampMax(num(a, "max")));
                if (max == null) yield List.of(x.clampMin(num(a, "min")));
                yield List.of(x.clamp(num(a, "min"), num(a, "max")));
            }
            case "where" -> List.of(Tensor.where(x, xs.get(1), xs.get(2)));
            case "sum" -> List.of(a.get("dim") == null ? x.sum() : x.sum(ints(a.get("dim")), bool(a, "keepdim")));
            case "mean" -> List.of(a.get("dim") == null ? x.mean() : x.mean(ints(a.get("dim")), bool(a, "keepdim")));
            case "amax" -> List.of(x.amax(dimsOrAll(a), bool(a, "keepdim")));
            case "amin" -> List.of(x.amin(dimsOrAll(a), bool(a, "keepdim")));
            case "logsumexp" -> List.of(x.logsumexp(ints(a.get("dim")), bool(a, "keepdim")));
            case "var" -> List.of(x.var(dimsOrAll(a), integer(a, "correction"), bool(a, "keepdim")));
            case "std" -> List.of(x.std(dimsOrAll(a), integer(a, "correction"), bool(a, "keepdim")));
            case "max_all" -> List.of(x.max());
            case "min_all" -> List.of(x.min());
            case "max_dim" -> valuesIndices(x.max(integer(a, "dim"), bool(a, "keepdim")));
            case "min_dim" -> valuesIndices(x.min(integer(a, "dim"), bool(a, "keepdim")));
            case "argmax" -> List.of(a.get("dim") == null ? x.argmax() : x.argmax(integer(a, "dim"), bool(a, "keepdim")));
            case "argmin" -> List.of(a.get("dim") == null ? x.argmin() : x.argmin(integer(a, "dim"), bool(a, "keepdim")));
            case "matmul" -> List.of(x.matmul(xs.get(1)));
            case "softmax" -> List.of(x.softmax(integer(a, "dim")));
            case "log_softmax" -> List.of(x.logSoftmax(integer(a, "dim")));
            case "cat" -> List.of(Tensor.cat(xs, integer(a, "dim")));
            case "stack" -> List.of(Tensor.stack(xs, integer(a, "dim")));
            case "split" -> a.get("split") instanceof List<?> sizes
                    ? x.split(ints(sizes), integer(a, "dim"))
                    : x.split(integer(a, "split"), integer(a, "dim"));
            case "chunk" -> x.chunk(integer(a, "chunks"), integer(a, "dim"));
            case "pad" -> List.of(x.pad(ints(a.get("pad")), num(a, "value")));
            case "gather" -> List.of(x.gather(integer(a, "dim"), xs.get(1)));
            case "index_select" -> List.of(x.indexSelect(integer(a, "dim"), xs.get(1)));
            case "scatter_add" -> List.of(x.scatterAdd(integer(a, "dim"), xs.get(1), xs.get(2)));
            case "one_hot" -> List.of(x.oneHot(integer(a, "num_classes")));
            case "transpose" -> {
                Tensor view = x.transpose(integer(a, "dim0"), integer(a, "dim1"));
                yield List.of(view, view.contiguous());
            }
            case "permute" -> {
                Tensor view = x.permute(ints(a.get("dims")));
                yield List.of(view, view.contiguous());
            }
            case "expand" -> List.of(x.expand(ints(a.get("sizes"))));
            case "linspace" -> List.of(Tensor.linspace(num(a, "start"), num(a, "end"), integer(a, "steps")));
            case "arange" -> {
                if (a.containsKey("step")) yield List.of(Tensor.arange(num(a, "start"), num(a, "end"), num(a, "step")));
                if (a.containsKey("start")) yield List.of(Tensor.arange(integer(a, "start"), integer(a, "end")));
                yield List.of(Tensor.arange(integer(a, "end")));
            }
            case "eye" -> List.of(Tensor.eye(integer(a, "n"), dtype((String) a.get("dtype"))));
            default -> throw unknown(op);
        };
    }

    /** A binary op with a tensor second operand, or with the scalar in args["scalar"]. */
    private static List<Tensor> binary(List<Tensor> xs, Map<String, Object> a,
                                       BiFunction<Tensor, Tensor, Tensor> withTensor, BiFunction<Tensor, Double, Tensor> withScalar) {
        return List.of(xs.size() > 1 ? withTensor.apply(xs.get(0), xs.get(1)) : withScalar.apply(xs.get(0), num(a, "scalar")));
    }
}
