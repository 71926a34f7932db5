package org.nabla.tensor;

import org.nabla.autograd.GradMode;
import org.nabla.autograd.Node;
import org.nabla.backend.BinaryOp;
import org.nabla.backend.UnaryOp;

/** Elementwise ops with NumPy broadcasting; each forward is followed by its backward rules. */
final class Elementwise {
    private Elementwise() {}

    // ------------------------------------------------------------ unary

    static Tensor neg(Tensor x) {
        Tensor out = unaryRaw(UnaryOp.NEG, x, true);
        return Node.record(out, "Neg", x, g -> g.neg());
    }

    static Tensor exp(Tensor x) {
        Tensor out = unaryRaw(UnaryOp.EXP, x, false);
        return Node.record(out, "Exp", x, g -> g.mul(out));
    }

    static Tensor log(Tensor x) {
        Tensor out = unaryRaw(UnaryOp.LOG, x, false);
        return Node.record(out, "Log", x, g -> g.div(x));
    }

    static Tensor sqrt(Tensor x) {
        Tensor out = unaryRaw(UnaryOp.SQRT, x, false);
        return Node.record(out, "Sqrt", x, g -> g.div(out.mul(2)));
    }

    static Tensor abs(Tensor x) {
        Tensor out = unaryRaw(UnaryOp.ABS, x, true);
        return Node.record(out, "Abs", x, g -> g.mul(x.sign()));
    }

    /** sign(x) in {-1, 0, 1}; its gradient is zero everywhere (PyTorch's choice at the jump too). */
    static Tensor sign(Tensor x) {
        Tensor out = unaryRaw(UnaryOp.SIGN, x, true);
        return Node.record(out, "Sign", x, g -> g.mul(0));
    }

    static Tensor sin(Tensor x) {
        Tensor out = unaryRaw(UnaryOp.SIN, x, false);
        return Node.record(out, "Sin", x, g -> g.mul(x.cos()));
    }

    static Tensor cos(Tensor x) {
        Tensor out = unaryRaw(UnaryOp.COS, x, false);
        return Node.record(out, "Cos", x, g -> g.mul(x.sin()).neg());
    }

    static Tensor floor(Tensor x) {
        Tensor out = unaryRaw(UnaryOp.FLOOR, x, true);
        return Node.record(out, "Floor", x, g -> g.mul(0));
    }

    static Tensor ceil(Tensor x) {
        Tensor out = unaryRaw(UnaryOp.CEIL, x, true);
        return Node.record(out, "Ceil", x, g -> g.mul(0));
    }

    /** max(x, 0); the gradient at 0 is 0, as in PyTorch (which also passes 0, not NaN, where g is NaN and x &lt;= 0). */
    static Tensor relu(Tensor x) {
        Tensor out = unaryRaw(UnaryOp.RELU, x, true);
        return Node.record(out, "Relu", x, g -> reluBackward(g, out));
    }

    /** g where out &gt; 0, else 0, in one pass; its own gradient (double backward) is the same mask. */
    private static Tensor reluBackward(Tensor g, Tensor out) {
        Tensor gx = binaryRaw("relu_backward", BinaryOp.RELU_BACKWARD, g, out, resultType(g, out));
        return Node.record(gx, "ReluBackward", g, gg -> reluBackward(gg, out));
    }

    static Tensor sigmoid(Tensor x) {
        Tensor out = unaryRaw(UnaryOp.SIGMOID, x, false);
        return Node.record(out, "Sigmoid", x, g -> g.mul(out).mul(out.rsub(1)));
    }

    static Tensor tanh(Tensor x) {
        Tensor out = unaryRaw(UnaryOp.TANH, x, false);
        return Node.record(out, "Tanh", x, g -> g.mul(out.mul(out).rsub(1)));
    }

    /** Applies op in x's dtype; integer inputs keep their dtype when keepInt, otherwise become float32. */
    private static Tensor unaryRaw(UnaryOp op, Tensor x, boolean keepInt) {
        DType type = x.dtype().isFloating() || keepInt ? x.dtype() : DType.FLOAT32;
        DType compute = type.isFloating() ? type : DType.FLOAT64;
        Tensor in = rawCast(x, compute);
        Storage s = Tensor.backend().unary(op, in.storage(), in.layout());
        Tensor out = Tensor.of(s, x.shape());
        return compute == type ? out : rawCast(out, type);
    }

    // ------------------------------------------------------------ binary

    static Tensor add(Tensor a, Tensor b) {
        Tensor out = binaryRaw("add", BinaryOp.ADD, a, b, resultType(a, b));
        return Node.record(out, "Add", a, g -> g, b, g -> g);
    }

    static Tensor sub(Tensor a, Tensor b) {
        Tensor out = binaryRaw("sub", BinaryOp.SUB, a, b, resultType(a, b));
        return Node.record(out, "Sub", a, g -> g, b, g -> g.neg());
    }

    static Tensor mul(Tensor a, Tensor b) {
        Tensor out = binaryRaw("mul", BinaryOp.MUL, a, b, resultType(a, b));
        return Node.record(out, "Mul", a, g -> g.mul(b), b, g -> g.mul(a));
    }

    /** True division: integer operands give float32, like PyTorch. */
    static Tensor div(Tensor a, Tensor b) {
        DType type = resultType(a, b);
        Tensor out = binaryRaw("div", BinaryOp.DIV, a, b, type.isFloating() ? type : DType.FLOAT32);
        return Node.record(out, "Div", a, g -> g.div(b), b, g -> g.mul(a).div(b.mul(b)).neg());
    }

    static Tensor pow(Tensor a, double exponent) {
        Tensor out = binaryRaw("pow", BinaryOp.POW, a, scalarFor(a, exponent), resultType(a, scalarFor(a, exponent)));
        return Node.record(out, "Pow", a, g -> exponent == 0 ? g.mul(0) : g.mul(a.pow(exponent - 1)).mul(exponent));
    }

    static Tensor pow(Tensor a, Tensor b) {
        Tensor out = binaryRaw("pow", BinaryOp.POW, a, b, resultType(a, b));
        return Node.record(out, "Pow",
                // d/da a^b = b a^(b-1), taken as 0 where b == 0 (PyTorch's convention; otherwise 0 * inf at a == 0).
                a, g -> Tensor.where(b.eq(0), Tensor.scalar(0, g.dtype()), g.mul(b).mul(a.pow(b.sub(1)))),
                // d/db a^b = a^b log a, taken as 0 where a == 0 and b >= 0 (PyTorch's convention).
                b, g -> Tensor.where(a.eq(0).mul(b.ge(0)), Tensor.scalar(0, g.dtype()), g.mul(out).mul(a.log())));
    }

    /** Elementwise max; where a == b the gradient is split evenly, as in PyTorch. */
    static Tensor maximum(Tensor a, Tensor b) {
        Tensor out = binaryRaw("maximum", BinaryOp.MAXIMUM, a, b, resultType(a, b));
        return Node.record(out, "Maximum",
                a, g -> g.mul(a.gt(b).add(a.eq(b).mul(0.5))),
                b, g -> g.mul(b.gt(a).add(a.eq(b).mul(0.5))));
    }

    static Tensor minimum(Tensor a, Tensor b) {
        Tensor out = binaryRaw("minimum", BinaryOp.MINIMUM, a, b, resultType(a, b));
        return Node.record(out, "Minimum",
                a, g -> g.mul(a.lt(b).add(a.eq(b).mul(0.5))),
                b, g -> g.mul(b.lt(a).add(a.eq(b).mul(0.5))));
    }

    /** 1 where the comparison holds, else 0, in the operands' promoted dtype; not differentiable. */
    static Tensor compare(BinaryOp op, Tensor a, Tensor b) {
        return binaryRaw(op.name().toLowerCase(java.util.Locale.ROOT), op, a, b, resultType(a, b));
    }

    /** Clamps into [min, max]; a NaN bound means no bound. The gradient passes where min <= x <= max. */
    static Tensor clamp(Tensor x, double min, double max) {
        Tensor out;
        Tensor mask;
        try (var s = GradMode.noGrad()) {
            out = x;
            mask = Tensor.onesLike(x);
            if (!Double.isNaN(min)) {
                out = maximum(out, scalarFor(x, min));
                mask = mask.mul(x.ge(min));
            }
            if (!Double.isNaN(max)) {
                out = minimum(out, scalarFor(x, max));
                mask = mask.mul(x.le(max));
            }
            if (out == x) out = x.detach().copy();
        }
        Tensor passed = mask;
        return Node.record(out, "Clamp", x, g -> g.mul(passed));
    }

    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        int[] shape = Shape.broadcast("where", Shape.broadcast("where", cond.shape(), a.shape()), b.shape());
        DType type = resultType(a, b);
        Tensor ac = rawCast(a, type), bc = rawCast(b, type);
        Storage s = Tensor.backend().where(cond.storage(), cond.layout().broadcastTo(shape),
                ac.storage(), ac.layout().broadcastTo(shape), bc.storage(), bc.layout().broadcastTo(shape));
        Tensor out = Tensor.of(s, shape);
        return Node.record(out, "Where",
                a, g -> Tensor.where(cond, g, Tensor.scalar(0, g.dtype())),
                b, g -> Tensor.where(cond, Tensor.scalar(0, g.dtype()), g));
    }

    /** Converts dtype; between floating types the gradient is cast back. */
    static Tensor cast(Tensor x, DType dtype) {
        if (x.dtype() == dtype) return x;
        Tensor out = rawCast(x, dtype);
        if (!dtype.isFloating() || !x.dtype().isFloating()) return out;
        DType from = x.dtype();
        return Node.record(out, "ToCopy", x, g -> g.to(from));
    }

    // ------------------------------------------------------------ helpers

    /** A 0-d tensor holding value, in x's dtype unless x is integral and value is not. */
    static Tensor scalarFor(Tensor x, double value) {
        boolean integral = value == Math.rint(value) && !Double.isInfinite(value);
        DType type = x.dtype().isFloating() || integral ? x.dtype() : DType.FLOAT32;
        return Tensor.full(value, type);
    }

    /**
     * PyTorch's result type: the wider of the two, except that a 0-d operand does not widen a dimensioned
     * operand of the same kind (float32 tensor * float64 scalar stays float32). Between an integer and a
     * floating operand the floating dtype wins whatever the dims (int64 tensor * float64 0-d gives float64);
     * the double overloads (int tensor .mul(2.5)) still give float32, as {@link #scalarFor} makes that scalar float32.
     */
    static DType resultType(Tensor a, Tensor b) {
        DType da = a.dtype(), db = b.dtype();
        if (da == db) return da;
        boolean a0 = a.dim() == 0, b0 = b.dim() == 0;
        if (da.isFloating() == db.isFloating()) {
            if (a0 != b0) return a0 ? db : da;
            return DType.promote(da, db);
        }
        return da.isFloating() ? da : db;
    }

    /** x converted to dtype without recording (x itself when it already has it). */
    static Tensor rawCast(Tensor x, DType dtype) {
        if (x.dtype() == dtype) return x;
        return Tensor.of(Tensor.backend().copy(x.storage(), x.layout(), dtype), x.shape());
    }

    private static Tensor binaryRaw(String name, BinaryOp op, Tensor a, Tensor b, DType type) {
        int[] shape = Shape.broadcast(name, a.shape(), b.shape());
        DType compute = type.isFloating() ? type : DType.FLOAT64;
        Tensor ac = rawCast(a, compute), bc = rawCast(b, compute);
        Storage s = Tensor.backend().binary(op, ac.storage(), ac.layout().broadcastTo(shape), bc.storage(), bc.layout().broadcastTo(shape));
        Tensor out = Tensor.of(s, shape);
        return compute == type ? out : rawCast(out, type);
    }
}
