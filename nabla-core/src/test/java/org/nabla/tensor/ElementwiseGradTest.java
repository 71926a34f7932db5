package org.nabla.tensor;

import static org.nabla.autograd.GradChecked.Inputs.BROADCAST;
import static org.nabla.autograd.GradChecked.Inputs.NON_CONTIGUOUS;
import static org.nabla.autograd.GradChecked.Inputs.PLAIN;
import static org.nabla.autograd.GradChecked.Inputs.SECOND_ORDER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.nabla.tensor.GradInputs.leaf;

import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nabla.autograd.GradCheck;
import org.nabla.autograd.GradChecked;
import org.nabla.autograd.GradCoverage;

@ExtendWith(GradCoverage.class)
class ElementwiseGradTest {

    private record Unary(String op, GradInputs.Source domain, UnaryOperator<Tensor> f) {}

    private record Binary(String op, GradInputs.Source domainA, GradInputs.Source domainB, BinaryOperator<Tensor> f) {}

    private static final List<Unary> UNARY = List.of(
            new Unary("Neg", GradInputs::normal, Tensor::neg),
            new Unary("Exp", GradInputs::normal, Tensor::exp),
            new Unary("Log", GradInputs::positive, Tensor::log),
            new Unary("Sqrt", GradInputs::positive, Tensor::sqrt),
            new Unary("Abs", GradInputs::awayFromZero, Tensor::abs),
            new Unary("Sign", GradInputs::awayFromZero, Tensor::sign),
            new Unary("Sin", GradInputs::normal, Tensor::sin),
            new Unary("Cos", GradInputs::normal, Tensor::cos),
            new Unary("Floor", ElementwiseGradTest::offInteger, Tensor::floor),
            new Unary("Ceil", ElementwiseGradTest::offInteger, Tensor::ceil),
            new Unary("Relu", GradInputs::awayFromZero, Tensor::relu),
            new Unary("Sigmoid", GradInputs::normal, Tensor::sigmoid),
            new Unary("Tanh", GradInputs::normal, Tensor::tanh));

    // Maximum and minimum take a from the grid offset by 0.1 and b from the one offset by 0.2: never a tie.
    private static final List<Binary> BINARY = List.of(
            new Binary("Add", GradInputs::normal, GradInputs::normal, Tensor::add),
            new Binary("Sub", GradInputs::normal, GradInputs::normal, Tensor::sub),
            new Binary("Mul", GradInputs::normal, GradInputs::normal, Tensor::mul),
            new Binary("Div", GradInputs::normal, GradInputs::awayFromZero, Tensor::div),
            new Binary("Pow", GradInputs::positive, GradInputs::normal, Tensor::pow),
            new Binary("Maximum", ElementwiseGradTest::gridA, ElementwiseGradTest::gridB, Tensor::maximum),
            new Binary("Minimum", ElementwiseGradTest::gridA, ElementwiseGradTest::gridB, Tensor::minimum));

    private static Tensor offInteger(long seed, int... shape) { return GradInputs.grid(seed, 0.1, shape); }

    private static Tensor gridA(long seed, int... shape) { return GradInputs.grid(seed, 0.1, shape); }

    private static Tensor gridB(long seed, int... shape) { return GradInputs.grid(seed, 0.2, shape); }

    @Test
    @GradChecked({"Neg", "Exp", "Log", "Sqrt", "Abs", "Sign", "Sin", "Cos", "Floor", "Ceil", "Relu", "Sigmoid", "Tanh"})
    void unaryOpsOnPlainInputs() {
        for (Unary u : UNARY) {
            GradCoverage.assertGradients(in -> u.f().apply(in[0]), u.domain().make(1, 3, 4));
            GradCoverage.assertGradients(in -> u.f().apply(in[0]), u.domain().make(2));
        }
    }

    @Test
    @GradChecked(value = {"Neg", "Exp", "Log", "Sqrt", "Abs", "Sign", "Sin", "Cos", "Floor", "Ceil", "Relu", "Sigmoid", "Tanh"},
            on = NON_CONTIGUOUS)
    void unaryOpsOnNonContiguousInputs() {
        for (Unary u : UNARY) {
            GradCoverage.assertGradients(in -> u.f().apply(in[0]), leaf(u.domain().make(3, 4, 3).transpose(0, 1)));
            GradCoverage.assertGradients(in -> u.f().apply(in[0]), leaf(u.domain().make(4, 3, 8).slice(1, 1, 8, 2)));
        }
    }

    @Test
    @GradChecked({"Add", "Sub", "Mul", "Div", "Pow", "Maximum", "Minimum"})
    void binaryOpsOnPlainInputs() {
        for (Binary b : BINARY)
            GradCoverage.assertGradients(in -> b.f().apply(in[0], in[1]), b.domainA().make(5, 3, 4), b.domainB().make(6, 3, 4));
    }

    @Test
    @GradChecked(value = {"Add", "Sub", "Mul", "Div", "Pow", "Maximum", "Minimum"}, on = BROADCAST)
    void binaryOpsOnBroadcastInputs() {
        int[][][] shapePairs = {{{3, 1, 4}, {2, 4}}, {{}, {3, 4}}, {{3, 4}, {}}, {{4}, {3, 1}}};
        for (Binary b : BINARY)
            for (int[][] shapes : shapePairs)
                GradCoverage.assertGradients(in -> b.f().apply(in[0], in[1]), b.domainA().make(7, shapes[0]), b.domainB().make(8, shapes[1]));
    }

    @Test
    @GradChecked(value = {"Add", "Sub", "Mul", "Div", "Pow", "Maximum", "Minimum"}, on = NON_CONTIGUOUS)
    void binaryOpsOnNonContiguousInputs() {
        for (Binary b : BINARY) {
            Tensor a = leaf(b.domainA().make(9, 4, 3).transpose(0, 1));
            Tensor c = leaf(b.domainB().make(10, 3, 8).slice(1, 1, 8, 2));
            GradCoverage.assertGradients(in -> b.f().apply(in[0], in[1]), a, c);
            // Broadcast and strided at once: a [3, 4] view against a [3, 1] column of a permuted tensor.
            Tensor column = leaf(b.domainB().make(11, 1, 2, 3).permute(2, 0, 1).select(2, 1));
            GradCoverage.assertGradients(in -> b.f().apply(in[0], in[1]), a, column);
        }
    }

    @Test
    @GradChecked(value = {"Add", "Sub", "Mul", "Div", "Pow"}, on = {PLAIN, NON_CONTIGUOUS})
    void scalarOperandFormsAndSquareReciprocalRsub() {
        List<UnaryOperator<Tensor>> forms = List.of(
                x -> x.add(1.5), x -> x.sub(0.25), x -> x.rsub(2), x -> x.mul(-3), x -> x.div(4),
                Tensor::square, Tensor::reciprocal, x -> x.pow(3), x -> x.pow(1), x -> x.pow(0));
        for (UnaryOperator<Tensor> f : forms) {
            GradCoverage.assertGradients(in -> f.apply(in[0]), GradInputs.awayFromZero(12, 3, 4));
            GradCoverage.assertGradients(in -> f.apply(in[0]), leaf(GradInputs.awayFromZero(13, 4, 3).t()));
        }
        // Fractional and negative exponents need a positive base.
        for (double exponent : new double[] {0.5, -1.5, 2.5}) {
            GradCoverage.assertGradients(in -> in[0].pow(exponent), GradInputs.positive(14, 3, 4));
            GradCoverage.assertGradients(in -> in[0].pow(exponent), leaf(GradInputs.positive(15, 3, 8).slice(1, 0, 8, 3)));
        }
    }

    @Test
    @GradChecked(value = "Clamp", on = {PLAIN, NON_CONTIGUOUS})
    void clampClampMinClampMax() {
        // Grid values sit 0.1 or more from the bounds -0.5 and 0.75, some inside and some outside.
        List<UnaryOperator<Tensor>> forms = List.of(x -> x.clamp(-0.5, 0.75), x -> x.clampMin(-0.5), x -> x.clampMax(0.75));
        for (UnaryOperator<Tensor> f : forms) {
            GradCoverage.assertGradients(in -> f.apply(in[0]), GradInputs.grid(16, 0.1, 3, 4));
            GradCoverage.assertGradients(in -> f.apply(in[0]), leaf(GradInputs.grid(17, 0.1, 4, 3).transpose(0, 1)));
        }
    }

    @Test
    @GradChecked(value = "Where", on = {PLAIN, BROADCAST, NON_CONTIGUOUS})
    void where() {
        Tensor cond = GradInputs.constant(18, 3, 4).gt(0);
        GradCoverage.assertGradients(in -> Tensor.where(cond, in[0], in[1]), GradInputs.normal(19, 3, 4), GradInputs.normal(20, 3, 4));
        // Broadcast: a [3, 1] condition picks between a [1, 4] row and a 0-d scalar.
        Tensor column = GradInputs.constant(21, 3, 1).gt(0);
        GradCoverage.assertGradients(in -> Tensor.where(column, in[0], in[1]), GradInputs.normal(22, 1, 4), GradInputs.normal(23));
        GradCoverage.assertGradients(in -> Tensor.where(cond, in[0], in[1]),
                leaf(GradInputs.normal(24, 4, 3).t()), leaf(GradInputs.normal(25, 3, 8).slice(1, 0, 8, 2)));
    }

    @Test
    @GradChecked(value = "ToCopy", on = {PLAIN, NON_CONTIGUOUS})
    void castFromFloat64ToFloat32AndBack() {
        // Inputs on a grid of multiples of 1/8 and a step of 2^-10 stay exact in float32, so the central
        // difference through the float32 round trip is exact too (the default 1e-6 step would be rounded away).
        GradCheck exactInFloat32 = new GradCheck().eps(0x1p-10);
        GradCoverage.assertGradients(exactInFloat32, in -> in[0].to(DType.FLOAT32).mul(2).to(DType.FLOAT64), GradInputs.grid(26, 0.125, 3, 4));
        GradCoverage.assertGradients(exactInFloat32, in -> in[0].to(DType.FLOAT32).mul(2), leaf(GradInputs.grid(27, 0.125, 4, 3).t()));
    }

    @Test
    @GradChecked(value = {"Mul", "Exp", "Tanh", "Log", "Sqrt", "Sin", "Cos", "Sigmoid", "Div", "Pow"}, on = SECOND_ORDER)
    void backwardOfSmoothOpsIsDifferentiable() {
        Tensor seed = GradInputs.constant(28, 3, 4);
        GradCoverage.assertGradients(GradCoverage.gradientOf(in -> in[0].mul(in[0]).mul(in[1]), seed, 0), GradInputs.normal(29, 3, 4), GradInputs.normal(30, 3, 4));
        for (Unary u : UNARY) {
            if (!List.of("Exp", "Tanh", "Log", "Sqrt", "Sin", "Cos", "Sigmoid").contains(u.op())) continue;
            GradCoverage.assertGradients(GradCoverage.gradientOf(in -> u.f().apply(in[0]), seed, 0), u.domain().make(31, 3, 4));
        }
        GradCoverage.assertGradients(GradCoverage.gradientOf(in -> in[0].div(in[1]), seed, 1), GradInputs.normal(32, 3, 4), GradInputs.awayFromZero(33, 3, 4));
        GradCoverage.assertGradients(GradCoverage.gradientOf(in -> in[0].pow(in[1]), seed, 0), GradInputs.positive(34, 3, 4), GradInputs.normal(35, 3, 4));
        GradCoverage.assertGradients(GradCoverage.gradientOf(in -> in[0].pow(in[1]), seed, 1), GradInputs.positive(36, 3, 4), GradInputs.normal(37, 3, 4));
    }

    @Test
    @GradChecked(value = "ReluBackward", on = SECOND_ORDER)
    void backwardOfReluIsDifferentiable() {
        // relu(x) * x: the gradient reaching relu's backward depends on x, so its own backward is exercised.
        Tensor seed = GradInputs.constant(38, 3, 4);
        GradCoverage.assertGradients(GradCoverage.gradientOf(in -> in[0].relu().mul(in[0]), seed, 0), GradInputs.awayFromZero(39, 3, 4));
    }

    @Test
    void reluBackwardPassesZeroWhereTheOutputIsNotPositiveEvenForNonFiniteGradients() {
        // PyTorch's threshold_backward selects rather than multiplies: a NaN or infinite gradient stops at a dead unit.
        Tensor x = Tensor.of(new float[] {-1, 0, 2, 3}, 4).requiresGrad(true);
        x.relu().backward(Tensor.of(new float[] {Float.NaN, Float.POSITIVE_INFINITY, 5, Float.NaN}, 4));
        assertThat(x.grad().toFloatArray()).containsExactly(0f, 0f, 5f, Float.NaN);
    }
}
