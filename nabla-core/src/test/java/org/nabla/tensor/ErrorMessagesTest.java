package org.nabla.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The exception type and the full message of every user error the brief lists, then a fuzz over all ops. */
class ErrorMessagesTest {
    private static final int ROUNDS = 10_000;

    private static void refused(ThrowingCallable call, Class<? extends RuntimeException> type, String message) {
        assertThatThrownBy(call).isExactlyInstanceOf(type).hasMessage(message);
    }

    private static Tensor ones(int... shape) { return Tensor.ones(shape); }

    private static Tensor longs(long... values) { return Tensor.of(values, values.length); }

    // ---------------------------------------------------------------- shape mismatches name the op and both shapes

    @Test
    void elementwiseOpsNameBothShapes() {
        refused(() -> ones(2, 3).add(ones(4)), IllegalArgumentException.class,
                "add: shapes [2, 3] and [4] cannot be broadcast together (dim 1: 3 vs 4)");
        refused(() -> ones(2, 3).mul(ones(3, 2)), IllegalArgumentException.class,
                "mul: shapes [2, 3] and [3, 2] cannot be broadcast together (dim 0: 2 vs 3)");
        refused(() -> ones(5).sub(ones(1, 4)), IllegalArgumentException.class,
                "sub: shapes [5] and [1, 4] cannot be broadcast together (dim 1: 5 vs 4)");
        refused(() -> Tensor.where(ones(2), ones(3), ones(3)), IllegalArgumentException.class,
                "where: shapes [2] and [3] cannot be broadcast together (dim 0: 2 vs 3)");
        refused(() -> Tensor.where(ones(3), ones(3), ones(2, 2)), IllegalArgumentException.class,
                "where: shapes [3] and [2, 2] cannot be broadcast together (dim 1: 3 vs 2)");
    }

    @Test
    void matmulNamesBothShapes() {
        refused(() -> ones(2, 3).matmul(ones(4, 5)), IllegalArgumentException.class,
                "matmul: shapes [2, 3] and [4, 5] cannot be multiplied (3 != 4)");
        refused(() -> ones(3).matmul(ones(4)), IllegalArgumentException.class,
                "matmul: shapes [3] and [4] cannot be multiplied (3 != 4)");
        refused(() -> ones(2, 3, 4).matmul(ones(5, 4, 2)), IllegalArgumentException.class,
                "matmul: the batch dims of shapes [2, 3, 4] and [5, 4, 2] cannot be broadcast together");
        refused(() -> Tensor.scalar(2).matmul(ones(2)), IllegalArgumentException.class,
                "matmul: both arguments need at least one dim, got shapes [] and [2]");
        refused(() -> ones(2, 3, 4).bmm(ones(2, 5, 4)), IllegalArgumentException.class,
                "bmm: expected [B, M, K] and [B, K, N], got shapes [2, 3, 4] and [2, 5, 4]");
    }

    @Test
    void catAndStackNameTheOffendingShapes() {
        refused(() -> Tensor.cat(List.of(ones(2, 3), ones(2, 4)), 0), IllegalArgumentException.class,
                "cat: sizes of tensors must match except in dim 0; tensor 1 has shape [2, 4] but tensor 0 has shape [2, 3]");
        refused(() -> Tensor.cat(List.of(ones(2, 3), ones(3)), 1), IllegalArgumentException.class,
                "cat: sizes of tensors must match except in dim 1; tensor 1 has shape [3] but tensor 0 has shape [2, 3]");
        refused(() -> Tensor.cat(List.of(), 0), IllegalArgumentException.class, "cat: expected a non-empty list of tensors");
        refused(() -> Tensor.stack(List.of(ones(2), ones(2), ones(3)), 0), IllegalArgumentException.class,
                "stack: expects each tensor to be of equal size, but tensor 0 has shape [2] and tensor 2 has shape [3]");
    }

    @Test
    void expandViewAndReshapeNameBothShapes() {
        refused(() -> ones(2, 3).expand(4, 3), IllegalArgumentException.class,
                "expand: the expanded size 4 must match the existing size 2 at dim 0 (shape [2, 3] to [4, 3])");
        refused(() -> ones(2, 3).expand(3), IllegalArgumentException.class,
                "expand: the number of sizes [3] must be at least the tensor's rank 2");
        refused(() -> ones(1, 3).expand(-2, 3), IllegalArgumentException.class, "expand: invalid size -2 at dim 0 of [-2, 3]");
        refused(() -> ones(2, 3).view(4, 2), IllegalArgumentException.class,
                "view: shape [4, 2] is invalid for input of shape [2, 3] (6 elements)");
        refused(() -> ones(2, 3).view(4, -1), IllegalArgumentException.class,
                "view: shape [4, -1] is invalid for input of shape [2, 3] (6 elements)");
        refused(() -> ones(2, 3).reshape(7), IllegalArgumentException.class,
                "reshape: shape [7] is invalid for input of shape [2, 3] (6 elements)");
        refused(() -> ones(2, 3).t().view(6), IllegalArgumentException.class,
                "view: shape [6] is not compatible with the input's shape [3, 2] and strides [1, 3]; use reshape() (which copies) instead");
        refused(() -> ones(3).copyFrom(ones(2)), IllegalArgumentException.class,
                "copyFrom: shapes [2] and [3] cannot be broadcast together (dim 0: 2 vs 3)");
    }

    // ---------------------------------------------------------------- illegal dims, positive and negative

    @Test
    void illegalDimsNameTheOpTheRankAndTheValidRange() {
        Tensor x = ones(2, 3);
        Map<String, ThrowingCallable> calls = new TreeMap<>(Map.ofEntries(
                Map.entry("sum", () -> x.sum(2)), Map.entry("sum-", () -> x.sum(-3)),
                Map.entry("softmax", () -> x.softmax(2)), Map.entry("softmax-", () -> x.softmax(-3)),
                Map.entry("transpose", () -> x.transpose(0, 2)), Map.entry("transpose-", () -> x.transpose(-3, 0)),
                Map.entry("narrow", () -> x.narrow(2, 0, 1)), Map.entry("narrow-", () -> x.narrow(-3, 0, 1)),
                Map.entry("select", () -> x.select(2, 0)), Map.entry("select-", () -> x.select(-3, 0)),
                Map.entry("squeeze", () -> x.squeeze(2)), Map.entry("squeeze-", () -> x.squeeze(-3)),
                Map.entry("cat", () -> Tensor.cat(List.of(x, x), 2)), Map.entry("cat-", () -> Tensor.cat(List.of(x, x), -3)),
                Map.entry("gather", () -> x.gather(2, Tensor.zeros(DType.INT64, 2, 3))),
                Map.entry("gather-", () -> x.gather(-3, Tensor.zeros(DType.INT64, 2, 3)))));
        calls.forEach((name, call) -> {
            String op = name.replace("-", "");
            int dim = name.endsWith("-") ? -3 : 2;
            refused(call, IllegalArgumentException.class,
                    op + ": dim " + dim + " is out of range for a tensor of rank 2 (expected a dim in [-2, 1])");
        });
    }

    @Test
    void illegalDimsForInsertingADimCountTheNewDim() {
        refused(() -> ones(2, 3).unsqueeze(3), IllegalArgumentException.class,
                "unsqueeze: dim 3 is out of range for inserting a dim into a tensor of rank 2 (expected a dim in [-3, 2])");
        refused(() -> ones(2, 3).unsqueeze(-4), IllegalArgumentException.class,
                "unsqueeze: dim -4 is out of range for inserting a dim into a tensor of rank 2 (expected a dim in [-3, 2])");
        refused(() -> Tensor.stack(List.of(ones(2), ones(2)), 2), IllegalArgumentException.class,
                "stack: dim 2 is out of range for inserting a dim into a tensor of rank 1 (expected a dim in [-2, 1])");
    }

    @Test
    void otherDimErrors() {
        refused(() -> ones(2, 3).sum(new int[] {1, -1}, false), IllegalArgumentException.class,
                "sum: dim -1 appears more than once in [1, -1]");
        refused(() -> ones(2, 3).permute(0, 0), IllegalArgumentException.class, "permute: dims [0, 0] repeat dim 0");
        refused(() -> ones(2, 3).permute(0), IllegalArgumentException.class, "permute: got 1 dims [0] for a tensor of rank 2");
        refused(() -> Tensor.scalar(1).size(0), IllegalArgumentException.class, "size: a 0-d tensor has no dim 0");
        refused(() -> ones(2, 3).size(2), IllegalArgumentException.class,
                "size: dim 2 is out of range for a tensor of rank 2 (expected a dim in [-2, 1])");
        refused(() -> ones(2, 3).max(5, false), IllegalArgumentException.class,
                "max: dim 5 is out of range for a tensor of rank 2 (expected a dim in [-2, 1])");
        refused(() -> ones(0, 3).max(0, false), IllegalArgumentException.class, "max: cannot reduce over dim 0 of size 0 in shape [0, 3]");
        refused(() -> ones(0, 3).amax(new int[] {0}, false), IllegalArgumentException.class,
                "max: cannot reduce over dim 0 of size 0 in shape [0, 3]");
        refused(() -> ones(2, 3, 4).t(), IllegalArgumentException.class, "t: expects a tensor with at most 2 dims, got shape [2, 3, 4]");
        refused(() -> Tensor.scalar(1).split(1, 0), IllegalArgumentException.class, "split: cannot split a 0-d tensor");
        refused(() -> ones(3).split(new int[] {4, -1}, 0), IllegalArgumentException.class, "split: sizes [4, -1] must be non-negative");
        refused(() -> ones(3).narrow(0, 2, 2), IllegalArgumentException.class,
                "narrow: start 2 + length 2 exceeds size 3 of dim 0 (shape [3])");
    }

    // ---------------------------------------------------------------- autograd misuse

    @Test
    void backwardOnANonScalarWithoutAGradientAsksForOne() {
        Tensor y = ones(2, 2).requiresGrad(true).mul(2);
        refused(y::backward, IllegalArgumentException.class,
                "backward: a gradient can be implicitly created only for scalar outputs, but the output has shape [2, 2];"
                        + " pass the upstream gradient");
    }

    @Test
    void aSecondBackwardThroughAReleasedGraphSaysToPassRetainGraph() {
        Tensor x = ones(2).requiresGrad(true);
        Tensor y = x.mul(x).sum();
        y.backward();
        refused(y::backward, IllegalStateException.class,
                "backward: trying to backward through the graph a second time (op 'Sum'); its saved values were freed by the first"
                        + " backward. Pass retainGraph=true to the first backward.");
    }

    @Test
    void backwardOnATensorThatDoesNotRequireGradIsRefused() {
        refused(() -> ones(2).sum().backward(), IllegalStateException.class,
                "backward: the tensor does not require grad and has no grad_fn; did you call requiresGrad(true) on the inputs,"
                        + " or compute it under noGrad()?");
    }

    @Test
    void onlyFloatingTensorsCanRequireGrad() {
        refused(() -> longs(1, 2).requiresGrad(true), IllegalArgumentException.class,
                "requiresGrad: only floating-point tensors can require gradients, this one is int64");
        refused(() -> Tensor.zeros(DType.INT32, 2).requiresGrad(true), IllegalArgumentException.class,
                "requiresGrad: only floating-point tensors can require gradients, this one is int32");
        assertThat(longs(1).requiresGrad(false).requiresGrad()).isFalse();
    }

    // ---------------------------------------------------------------- indices out of range

    @Test
    void indicesOutOfRangeNameTheOpTheIndexAndTheSize() {
        Tensor x = ones(2, 3);
        refused(() -> x.gather(1, Tensor.of(new long[] {0, 3}, 1, 2)), IndexOutOfBoundsException.class,
                "gather: index 3 is out of bounds for dim 1 with size 3");
        refused(() -> x.gather(0, Tensor.of(new long[] {-3}, 1, 1)), IndexOutOfBoundsException.class,
                "gather: index -3 is out of bounds for dim 0 with size 2");
        refused(() -> x.indexSelect(0, longs(1, 2)), IndexOutOfBoundsException.class,
                "index_select: index 2 is out of bounds for dim 0 with size 2");
        refused(() -> x.scatterAdd(1, Tensor.of(new long[] {5}, 1, 1), ones(1, 1)), IndexOutOfBoundsException.class,
                "scatter_add: index 5 is out of bounds for dim 1 with size 3");
        refused(() -> longs(0, 3).oneHot(3), IllegalArgumentException.class, "one_hot: class index 3 is out of range for 3 classes");
        refused(() -> longs(-1).oneHot(3), IllegalArgumentException.class, "one_hot: class index -1 is out of range for 3 classes");
        refused(() -> x.get(2, 0), IndexOutOfBoundsException.class, "get: index 2 is out of bounds for dim 0 with size 2");
        refused(() -> x.select(1, -4), IndexOutOfBoundsException.class, "select: index -4 is out of range for dim 1 with size 3");
    }

    @Test
    void indexTensorsMustBeIntegerAndTheInputDimensioned() {
        refused(() -> ones(2, 3).gather(1, Tensor.zeros(2, 3)), IllegalArgumentException.class,
                "gather: index must be int64 or int32, got float32");
        refused(() -> ones(3).indexSelect(0, Tensor.zeros(DType.FLOAT64, 1)), IllegalArgumentException.class,
                "index_select: index must be int64 or int32, got float64");
        refused(() -> Tensor.zeros(2).oneHot(3), IllegalArgumentException.class, "one_hot: class indices must be int64 or int32, got float32");
        refused(() -> Tensor.scalar(1).gather(0, Tensor.zeros(DType.INT64)), IllegalArgumentException.class,
                "gather: cannot index into a 0-d tensor; reshape it to 1-d first");
        refused(() -> ones(2, 3).gather(1, Tensor.zeros(DType.INT64, 3)), IllegalArgumentException.class,
                "gather: index has 1 dims, input has 2 (shapes [3] and [2, 3])");
        refused(() -> ones(2, 3).gather(1, Tensor.zeros(DType.INT64, 3, 1)), IllegalArgumentException.class,
                "gather: index shape [3, 1] exceeds input shape [2, 3] at dim 0 (only dim 1 may be larger)");
        refused(() -> ones(2, 3).scatter(0, Tensor.zeros(DType.INT64, 2, 3), ones(2)), IllegalArgumentException.class,
                "scatter: index has 2 dims, source has 1 (shapes [2, 3] and [2])");
        refused(() -> ones(2, 3).indexSelect(0, Tensor.zeros(DType.INT64, 1, 1)), IllegalArgumentException.class,
                "index_select: index must be 0-d or 1-d, got shape [1, 1]");
    }

    @Test
    void sortingScansSamplingAndEinsumNameTheOpAndTheArguments() {
        refused(() -> ones(2, 3).sort(2, false), IllegalArgumentException.class,
                "sort: dim 2 is out of range for a tensor of rank 2 (expected a dim in [-2, 1])");
        refused(() -> ones(2, 3).topk(4, 1, true, true), IllegalArgumentException.class,
                "topk: k (4) is out of range for a dim of size 3 (shape [2, 3])");
        refused(() -> ones(3).cumsum(1), IllegalArgumentException.class,
                "cumsum: dim 1 is out of range for a tensor of rank 1 (expected a dim in [-1, 0])");
        refused(() -> ones(2, 3).flip(0, -2), IllegalArgumentException.class, "flip: dim -2 appears more than once in [0, -2]");
        refused(() -> ones(2, 3).repeat(2), IllegalArgumentException.class,
                "repeat: 1 repeat counts [2] for a tensor of rank 2 (shape [2, 3]); give at least one count per dim");
        refused(() -> ones(3).triu(), IllegalArgumentException.class, "triu: input must have at least 2 dims, got shape [3]");
        refused(() -> ones(3).diagonal(), IllegalArgumentException.class, "diagonal: input must have at least 2 dims, got shape [3]");
        refused(() -> ones(2, 3).maskedFill(ones(4), 0), IllegalArgumentException.class,
                "masked_fill: shapes [4] and [2, 3] cannot be broadcast together (dim 1: 4 vs 3)");
        refused(() -> ones(2, 3).maskedFill(ones(2, 3), ones(1)), IllegalArgumentException.class,
                "masked_fill: value must be a 0-d tensor or a number, got shape [1]");
        refused(() -> Tensor.ones(DType.INT64, 3).norm(), IllegalArgumentException.class, "norm: input must be float32 or float64, got int64");
        refused(() -> ones(2, 3).norm("nuc", new int[0], false), IllegalArgumentException.class, "norm: unknown norm 'nuc'; give \"fro\" or a number");
        refused(() -> ones(0, 3).norm(Double.POSITIVE_INFINITY, 0, false), IllegalArgumentException.class,
                "norm: the Infinity norm over dim 0 of size 0 is undefined (shape [0, 3])");
        refused(() -> Tensor.of(new float[] {1, 0, 0}, 3).multinomial(2, false, new Generator(1)), IllegalArgumentException.class,
                "multinomial: row 0 has 1 categories of non-zero probability, too few for 2 samples without replacement");
        refused(() -> Tensor.of(new float[] {0.5f, -1}, 2).multinomial(1, true, new Generator(1)), IllegalArgumentException.class,
                "multinomial: row 0 has a negative or NaN probability (-1.0)");
        refused(() -> Tensor.of(new float[] {0.5f, 1.5f}, 2).bernoulli(new Generator(1)), IllegalArgumentException.class,
                "bernoulli: probabilities must be in [0, 1], got values from 0.5 to 1.5");
        refused(() -> ones(2).bernoulli(-0.1, new Generator(1)), IllegalArgumentException.class, "bernoulli: p must be in [0, 1], got -0.1");
        refused(() -> Tensor.einsum("ij,jk->ik", ones(2, 3)), IllegalArgumentException.class,
                "einsum: \"ij,jk->ik\" has 2 operand(s) but 1 tensor(s) were given");
        refused(() -> Tensor.einsum("ij,jk->ik", ones(2, 3), ones(4, 5)), IllegalArgumentException.class,
                "einsum: subscript 'j' has size 4 in operand 1, which does not broadcast with size 3 seen before");
        refused(() -> Tensor.einsum("ijk->i", ones(2, 3)), IllegalArgumentException.class,
                "einsum: operand 0 has 2 dims (shape [2, 3]) but its subscripts \"ijk\" name 3");
        refused(() -> Tensor.einsum("ij->ik", ones(2, 3)), IllegalArgumentException.class,
                "einsum: output subscript 'k' of \"ij->ik\" appears in no operand");
        refused(() -> Tensor.einsum("ij->ii", ones(2, 3)), IllegalArgumentException.class,
                "einsum: output subscript 'i' of \"ij->ii\" appears more than once");
        refused(() -> Tensor.einsum("ii->i", ones(2, 3)), IllegalArgumentException.class,
                "einsum: subscript 'i' is repeated in operand 0 with different sizes 2 and 3");
        refused(() -> Tensor.einsum("i#->i", ones(2, 3)), IllegalArgumentException.class,
                "einsum: invalid character '#' in \"i#->i\"; subscripts are the letters a-z and A-Z, with at most one \"...\" per operand, and one \"->\"");
        refused(() -> Tensor.einsum("i.j", ones(2, 3)), IllegalArgumentException.class,
                "einsum: \"i.j\" in \"i.j\" has a '.' that is not part of a single \"...\"");
        refused(() -> Tensor.einsum("...i,...i", ones(2, 3), ones(5, 3)), IllegalArgumentException.class,
                "einsum: the \"...\" dim 0 has size 5 in operand 1, which does not broadcast with size 2 seen before");
    }

    /** One op: the name its messages use, and a call that draws its arguments from the fuzzer. */
    private record Op(String name, Function<Fuzz, Object> call) {}

    private static final List<Op> OPS = List.of(
            new Op("add", f -> f.tensor().add(f.tensorLike())),
            new Op("sub", f -> f.tensor().sub(f.tensorLike())),
            new Op("mul", f -> f.tensor().mul(f.tensorLike())),
            new Op("div", f -> f.tensor().div(f.tensorLike())),
            new Op("pow", f -> f.tensor().pow(f.tensorLike())),
            new Op("maximum", f -> f.tensor().maximum(f.tensorLike())),
            new Op("minimum", f -> f.tensor().minimum(f.tensorLike())),
            new Op("lt", f -> f.tensor().lt(f.tensorLike())),
            new Op("eq", f -> f.tensor().eq(f.tensorLike())),
            new Op("where", f -> Tensor.where(f.tensor(), f.tensorLike(), f.tensorLike())),
            new Op("matmul", f -> f.tensor().matmul(f.tensor())),
            new Op("bmm", f -> f.tensor().bmm(f.tensorLike())),
            new Op("sum", f -> f.tensor().sum(f.dims(), f.bool())),
            new Op("mean", f -> f.tensor().mean(f.dims(), f.bool())),
            new Op("var", f -> f.tensor().var(f.dims(), f.pick(0, 1), f.bool())),
            new Op("max", f -> f.tensor().amax(f.dims(), f.bool())),
            new Op("min", f -> f.tensor().amin(f.dims(), f.bool())),
            new Op("max", f -> f.tensor().max(f.dim(), f.bool())),
            new Op("min", f -> f.tensor().min(f.dim(), f.bool())),
            new Op("argmax", f -> f.tensor().argmax(f.dim(), f.bool())),
            new Op("argmin", f -> f.tensor().argmin(f.dim(), f.bool())),
            new Op("logsumexp", f -> f.tensor().logsumexp(f.dims(), f.bool())),
            new Op("softmax", f -> f.tensor().softmax(f.dim())),
            new Op("log_softmax", f -> f.tensor().logSoftmax(f.dim())),
            new Op("sumTo", f -> f.tensor().sumTo(f.shape())),
            new Op("view", f -> f.tensor().view(f.shape())),
            new Op("reshape", f -> f.tensor().reshape(f.shape())),
            new Op("flatten", f -> f.tensor().flatten(f.dim(), f.dim())),
            new Op("permute", f -> f.tensor().permute(f.dims())),
            new Op("transpose", f -> f.tensor().transpose(f.dim(), f.dim())),
            new Op("t", f -> f.tensor().t()),
            new Op("narrow", f -> f.tensor().narrow(f.dim(), f.offset(), f.offset())),
            new Op("slice", f -> f.tensor().slice(f.dim(), f.offset(), f.offset(), f.offset())),
            new Op("select", f -> f.tensor().select(f.dim(), f.offset())),
            new Op("expand", f -> f.tensor().expand(f.shape())),
            new Op("squeeze", f -> f.tensor().squeeze(f.dim())),
            new Op("unsqueeze", f -> f.tensor().unsqueeze(f.dim())),
            new Op("size", f -> f.tensor().size(f.dim())),
            new Op("cat", f -> Tensor.cat(f.tensorList(), f.dim())),
            new Op("stack", f -> Tensor.stack(f.tensorList(), f.dim())),
            new Op("split", f -> f.tensor().split(f.offset(), f.dim())),
            new Op("split", f -> f.tensor().split(f.shape(), f.dim())),
            new Op("chunk", f -> f.tensor().chunk(f.offset(), f.dim())),
            new Op("pad", f -> f.tensor().pad(f.shape(), 0)),
            new Op("gather", f -> f.tensor().gather(f.dim(), f.index())),
            new Op("scatter_add", f -> f.tensor().scatterAdd(f.dim(), f.index(), f.tensorLike())),
            new Op("index_select", f -> f.tensor().indexSelect(f.dim(), f.index())),
            new Op("one_hot", f -> f.index().oneHot(f.offset())),
            new Op("sort", f -> f.tensor().sort(f.dim(), f.bool())),
            new Op("argsort", f -> f.tensor().argsort(f.dim(), f.bool())),
            new Op("topk", f -> f.tensor().topk(f.offset(), f.dim(), f.bool(), true)),
            new Op("cumsum", f -> f.tensor().cumsum(f.dim())),
            new Op("cumprod", f -> f.tensor().cumprod(f.dim())),
            new Op("flip", f -> f.tensor().flip(f.dims())),
            new Op("repeat", f -> f.tensor().repeat(f.shape())),
            new Op("diagonal", f -> f.tensor().diagonal(f.offset(), f.dim(), f.dim())),
            new Op("scatter", f -> f.tensor().scatter(f.dim(), f.index(), f.tensorLike())),
            new Op("scatter", f -> f.tensor().scatter(f.dim(), f.index(), 1.5)),
            new Op("masked_fill", f -> f.tensor().maskedFill(f.tensorLike(), 2.5)),
            new Op("masked_fill", f -> f.tensor().maskedFill(f.tensorLike(), f.tensorLike())),
            new Op("triu", f -> f.tensor().triu(f.offset())),
            new Op("tril", f -> f.tensor().tril(f.offset())),
            new Op("einsum", f -> Tensor.einsum(f.equation(), f.tensorList().toArray(new Tensor[0]))),
            new Op("norm", f -> f.tensor().norm(f.order(), f.dims(), f.bool())),
            new Op("multinomial", f -> f.tensor().multinomial(f.offset(), f.bool(), new Generator(1))),
            new Op("bernoulli", f -> f.tensor().bernoulli(new Generator(1))),
            new Op("bernoulli", f -> f.tensor().bernoulli(f.offset() / 2.0, new Generator(1))),
            new Op("get", f -> f.tensor().get(f.shape())),
            new Op("item", f -> f.tensor().item()),
            new Op("copyFrom", f -> f.tensor().detach().copyFrom(f.tensorLike())),
            new Op("backward", f -> {
                f.tensor().mul(2).backward(f.tensorLike());
                return null;
            }),
            new Op("eye", f -> Tensor.eye(f.offset())),
            new Op("zeros", f -> Tensor.zeros(f.shape())),
            new Op("of", f -> Tensor.of(new float[f.pick(0, 1, 2, 6)], f.shape())));

    /** Draws arguments and remembers them, so a failure can say what the op was called with. */
    private static final class Fuzz {
        final Random rnd;
        final List<String> args = new ArrayList<>();
        final List<Tensor> inputs = new ArrayList<>();
        private int[] lastShape = {2, 3};

        Fuzz(long seed) { rnd = new Random(seed); }

        int pick(int... choices) { return choices[rnd.nextInt(choices.length)]; }

        boolean bool() { return rnd.nextBoolean(); }

        int dim() {
            int d = rnd.nextInt(11) - 5;
            args.add("dim " + d);
            return d;
        }

        int offset() {
            int v = rnd.nextInt(9) - 3;
            args.add("int " + v);
            return v;
        }

        /** A norm's p: the special ones, ordinary ones, and NaN. */
        double order() {
            double p = new double[] {1, 2, 3, 0.5, 0, -1, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN}[rnd.nextInt(9)];
            args.add("p " + p);
            return p;
        }

        /** An einsum equation, valid or not, for one to three operands. */
        String equation() {
            String e = new String[] {"ij,jk->ik", "ij->ji", "ii->i", "ii", "i,j->ij", "ij,j->i", "...ij,...jk", "bij,bjk->bik",
                    "i,i", "ij", "...", "", "ij,jk,kl->il", "i->", "a.b", "ij->ik", "i#"}[rnd.nextInt(17)];
            args.add("equation \"" + e + "\"");
            return e;
        }

        int[] dims() {
            int[] d = new int[rnd.nextInt(4)];
            for (int i = 0; i < d.length; i++) d[i] = rnd.nextInt(9) - 4;
            args.add("dims " + Arrays.toString(d));
            return d;
        }

        int[] shape() {
            int[] s = new int[rnd.nextInt(5)];
            for (int i = 0; i < s.length; i++) s[i] = rnd.nextInt(10) == 0 ? -1 - rnd.nextInt(2) : rnd.nextInt(5);
            args.add("sizes " + Arrays.toString(s));
            return s;
        }

        private int[] randomShape() {
            int[] s = new int[rnd.nextInt(5)];
            for (int i = 0; i < s.length; i++) s[i] = rnd.nextInt(8) == 0 ? 0 : 1 + rnd.nextInt(3);
            return s;
        }

        /** Mostly the previous tensor's shape or a broadcastable variant of it, sometimes anything. */
        private int[] shapeLike() {
            int mode = rnd.nextInt(4);
            if (mode == 0) return randomShape();
            int[] s = lastShape.clone();
            if (mode == 2) for (int i = 0; i < s.length; i++) if (rnd.nextInt(3) == 0) s[i] = 1;
            if (mode == 3 && s.length > 0) s = Arrays.copyOfRange(s, rnd.nextInt(s.length + 1), s.length);
            return s;
        }

        Tensor tensor() { return make(randomShape()); }

        Tensor tensorLike() { return make(shapeLike()); }

        List<Tensor> tensorList() {
            List<Tensor> list = new ArrayList<>();
            int n = rnd.nextInt(4);
            for (int i = 0; i < n; i++) list.add(i == 0 ? tensor() : tensorLike());
            return list;
        }

        /** Integer (sometimes float) indices in and around the valid range of a size-3 dim. */
        Tensor index() {
            int[] s = shapeLike();
            long[] v = new long[Shape.numel(s)];
            for (int i = 0; i < v.length; i++) v[i] = rnd.nextInt(12) == 0 ? 3 + rnd.nextInt(3) : rnd.nextInt(6) - 3;
            Tensor t = Tensor.of(v, s);
            int kind = rnd.nextInt(10);
            if (kind == 0) t = t.to(DType.FLOAT32);
            if (kind == 1) t = t.to(DType.INT32);
            args.add("index " + describe(t) + " " + Arrays.toString(t.toLongArray()));
            inputs.add(t);
            return t;
        }

        private Tensor make(int[] shape) {
            lastShape = shape;
            DType dtype = switch (rnd.nextInt(10)) {
                case 0 -> DType.FLOAT64;
                case 1 -> DType.INT64;
                case 2 -> DType.INT32;
                default -> DType.FLOAT32;
            };
            Tensor t = Tensor.randn(new Generator(rnd.nextLong()), shape).mul(3).to(dtype);
            int layout = rnd.nextInt(5);
            if (layout == 0 && shape.length >= 2) {
                // A transposed view with the requested shape.
                int[] swapped = shape.clone();
                swapped[0] = shape[shape.length - 1];
                swapped[shape.length - 1] = shape[0];
                t = t.reshape(swapped).contiguous().transpose(0, -1);
            } else if (layout == 1 && shape.length >= 1) {
                // A slice of a larger tensor: non-zero offset and a step.
                int[] big = shape.clone();
                big[0] = shape[0] * 2 + 1;
                t = Tensor.randn(new Generator(rnd.nextLong()), big).to(dtype).slice(0, 1, big[0], 2);
            } else if (layout == 2 && shape.length >= 1) {
                // An expanded (stride-0) view of the first row.
                t = t.narrow(0, 0, Math.min(1, shape[0])).expand(shape);
            }
            if (dtype.isFloating() && rnd.nextInt(3) == 0) t = t.detach().requiresGrad(true);
            args.add(describe(t));
            inputs.add(t);
            return t;
        }

        private static String describe(Tensor t) {
            return t.dtype() + Arrays.toString(t.shape()) + " strides " + Arrays.toString(t.stride())
                    + (t.requiresGrad() ? " requires grad" : "");
        }
    }

    // ---------------------------------------------------------------- fuzz

    /**
     * Calls many ops with random, often invalid, shapes, dims and indices. Whatever an op throws must be one of the
     * documented exception types (never a raw ArrayIndexOutOfBounds, NegativeArraySize, ClassCast or NullPointer
     * exception from deep inside) and name the op; whatever it returns must be a well-formed tensor whose backward
     * gives every input a gradient of its own shape and dtype.
     */
    @Test
    void opsThrowOnlyDocumentedExceptionsNamingTheOpAndReturnWellFormedTensors() {
        Random pickOps = new Random(42);
        int thrown = 0, returned = 0;
        // The first failure of each op, so one run reports every broken op.
        Map<String, String> failures = new TreeMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            Op op = OPS.get(pickOps.nextInt(OPS.size()));
            Fuzz f = new Fuzz(round);
            try {
                Object result;
                try {
                    result = op.call().apply(f);
                } catch (RuntimeException e) {
                    checkThrown(op, f, e);
                    thrown++;
                    continue;
                }
                checkReturned(op, f, result);
                returned++;
            } catch (AssertionError e) {
                StringBuilder where = new StringBuilder(e.getMessage());
                for (Throwable c = e.getCause(); c != null; c = c.getCause())
                    for (StackTraceElement el : Arrays.copyOf(c.getStackTrace(), Math.min(2, c.getStackTrace().length))) where.append("\n    at ").append(el);
                failures.putIfAbsent(op.name() + OPS.indexOf(op), where.toString());
            }
        }
        if (!failures.isEmpty()) fail(failures.size() + " failures:\n" + String.join("\n", failures.values()));
        // Both paths must be exercised often for the fuzz to mean anything.
        if (thrown < ROUNDS / 5 || returned < ROUNDS / 5) fail("unbalanced fuzz: " + thrown + " thrown, " + returned + " returned");
    }

    private static void checkThrown(Op op, Fuzz f, RuntimeException e) {
        boolean documented = e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e.getClass() == IndexOutOfBoundsException.class;
        if (!documented || e.getMessage() == null || !e.getMessage().contains(op.name())) {
            AssertionError err = new AssertionError(op.name() + " with " + f.args + " threw " + e.getClass().getName()
                    + ": " + e.getMessage());
            err.initCause(e);
            throw err;
        }
    }

    private static void checkReturned(Op op, Fuzz f, Object result) {
        List<Tensor> outputs = new ArrayList<>();
        switch (result) {
            case Tensor t -> outputs.add(t);
            case ValuesIndices vi -> outputs.addAll(List.of(vi.values(), vi.indices()));
            case List<?> list -> list.forEach(o -> outputs.add((Tensor) o));
            case null, default -> { return; }
        }
        try {
            for (Tensor out : outputs) {
                for (int d : out.shape()) if (d < 0) throw new AssertionError("negative size in result shape " + Arrays.toString(out.shape()));
                if (out.toDoubleArray().length != out.numel()) throw new AssertionError("result data does not match its shape");
                if (out.requiresGrad()) {
                    out.backward(Tensor.onesLike(out));
                    for (Tensor in : f.inputs) {
                        if (in.grad() != null && (!Arrays.equals(in.grad().shape(), in.shape()) || in.grad().dtype() != in.dtype()))
                            throw new AssertionError("gradient " + in.grad().dtype() + Arrays.toString(in.grad().shape())
                                    + " for input " + in.dtype() + Arrays.toString(in.shape()));
                    }
                }
            }
        } catch (RuntimeException | AssertionError e) {
            AssertionError err = new AssertionError(op.name() + " with " + f.args + " returned a result that fails: " + e);
            err.initCause(e);
            throw err;
        }
    }
}
