package org.nabla.tensor;

import static org.nabla.testing.Fixtures.integer;
import static org.nabla.testing.Fixtures.ints;
import static org.nabla.testing.Fixtures.num;

import java.util.List;
import java.util.Map;

/**
 * Runs every case of {@code fixtures/tensor_ops_2.json} (written by {@code make_op_fixtures_2.py} from PyTorch
 * 1.13): sorting, top-k, scans, scatter, masking, flip, repeat, diagonal, triangles, einsum, norms and edge cases
 * of clamp, logsumexp, chunk and split. The op table in {@link #run} mirrors the script's {@code OPS} table.
 */
class TorchFixture2Test extends OpTableFixtureTest {

    TorchFixture2Test() { super("/fixtures/tensor_ops_2.json"); }

    @Override
    protected List<Tensor> run(String op, List<Tensor> xs, Map<String, Object> a) {
        Tensor x = xs.isEmpty() ? null : xs.get(0);
        return switch (op) {
            case "sort" -> valuesIndices(x.sort(integer(a, "dim"), bool(a, "descending")));
            case "argsort" -> List.of(x.argsort(integer(a, "dim"), bool(a, "descending")));
            case "topk" -> valuesIndices(x.topk(integer(a, "k"), integer(a, "dim"), bool(a, "largest"), true));
            case "cumsum" -> List.of(x.cumsum(integer(a, "dim")));
            case "cumprod" -> List.of(x.cumprod(integer(a, "dim")));
            case "scatter" -> List.of(x.scatter(integer(a, "dim"), xs.get(1), xs.get(2)));
            case "scatter_value" -> List.of(x.scatter(integer(a, "dim"), xs.get(1), num(a, "value")));
            case "gather" -> List.of(x.gather(integer(a, "dim"), xs.get(1)));
            case "where_scalar_other" -> List.of(Tensor.where(x, xs.get(1), num(a, "other")));
            case "where_scalar_input" -> List.of(Tensor.where(x, num(a, "input"), xs.get(1)));
            case "masked_fill" -> List.of(x.maskedFill(xs.get(1), num(a, "value")));
            case "masked_fill_tensor" -> List.of(x.maskedFill(xs.get(1), xs.get(2)));
            case "flip" -> List.of(x.flip(ints(a.get("dims"))));
            case "repeat" -> List.of(x.repeat(ints(a.get("repeats"))));
            case "expand" -> List.of(x.expand(ints(a.get("sizes"))));
            case "diagonal" -> List.of(x.diagonal(integer(a, "offset"), integer(a, "dim1"), integer(a, "dim2")));
            case "triu" -> List.of(x.triu(integer(a, "diagonal")));
            case "tril" -> List.of(x.tril(integer(a, "diagonal")));
            case "einsum" -> List.of(Tensor.einsum((String) a.get("equation"), xs.toArray(new Tensor[0])));
            case "stack" -> List.of(Tensor.stack(xs, integer(a, "dim")));
            case "split" -> a.get("split") instanceof List<?> sizes
                    ? x.split(ints(sizes), integer(a, "dim"))
                    : x.split(integer(a, "split"), integer(a, "dim"));
            case "chunk" -> x.chunk(integer(a, "chunks"), integer(a, "dim"));
            case "clamp" -> List.of(x.clamp(num(a, "min"), num(a, "max")));
            case "logsumexp" -> List.of(x.logsumexp(ints(a.get("dim")), bool(a, "keepdim")));
            case "norm" -> List.of(norm(x, a));
            default -> throw unknown(op);
        };
    }

    /** p is a number, "inf", "-inf" or "fro"; dim null means all dims. */
    private static Tensor norm(Tensor x, Map<String, Object> a) {
        Object p = a.get("p");
        int[] dims = dimsOrAll(a);
        boolean keepdim = bool(a, "keepdim");
        if ("fro".equals(p)) return x.norm("fro", dims, keepdim);
        double order = p instanceof Number n ? n.doubleValue() : "inf".equals(p) ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        return x.norm(order, dims, keepdim);
    }
}
