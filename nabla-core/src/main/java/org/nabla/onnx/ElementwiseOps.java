package org.nabla.onnx;

import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.nabla.nn.functional.F;
import org.nabla.onnx.proto.TensorProto;
import org.nabla.tensor.DType;
import org.nabla.tensor.Tensor;

/**
 * Element-wise operators: arithmetic with ONNX's multidirectional broadcasting (PyTorch's rules, which match),
 * activations, Clip, variadic Sum/Max/Min/Mean and Cast.
 */
final class ElementwiseOps {
    private ElementwiseOps() {}

    static void register(Map<String, Operator> ops) {
        binary(ops, "Add", Tensor::add);
        binary(ops, "Sub", Tensor::sub);
        binary(ops, "Mul", Tensor::mul);
        binary(ops, "Div", ElementwiseOps::divide);
        binary(ops, "Pow", (a, b) -> a.pow(b.to(a.dtype())));
        unary(ops, "Relu", Tensor::relu);
        unary(ops, "Sigmoid", Tensor::sigmoid);
        unary(ops, "Tanh", Tensor::tanh);
        unary(ops, "Abs", Tensor::abs);
        unary(ops, "Neg", Tensor::neg);
        unary(ops, "Exp", Tensor::exp);
        unary(ops, "Log", Tensor::log);
        unary(ops, "Sqrt", Tensor::sqrt);
        unary(ops, "Reciprocal", Tensor::reciprocal);
        unary(ops, "Floor", Tensor::floor);
        unary(ops, "Ceil", Tensor::ceil);
        unary(ops, "Softsign", x -> x.div(x.abs().add(1)));
        unary(ops, "Identity", x -> x);
        ops.put("LeakyRelu", (Operator.Single) (n, in, t) -> F.leakyRelu(in.get(0), n.f("alpha", 0.01f)));
        ops.put("Elu", (Operator.Single) (n, in, t) -> F.elu(in.get(0), n.f("alpha", 1f)));
        ops.put("Selu", (Operator.Single) (n, in, t) -> {
            Tensor x = in.get(0);
            double alpha = n.f("alpha", 1.67326319217681884765625f), gamma = n.f("gamma", 1.05070102214813232421875f);
            return x.relu().add(x.clampMax(0).exp().sub(1).mul(alpha)).mul(gamma);
        });
        ops.put("Softplus", (Operator.Single) (n, in, t) -> F.softplus(in.get(0)));
        ops.put("HardSigmoid", (Operator.Single) (n, in, t) -> in.get(0).mul(n.f("alpha", 0.2f)).add(n.f("beta", 0.5f)).clamp(0, 1));
        ops.put("PRelu", (Operator.Single) (n, in, t) -> {
            Tensor x = in.get(0), slope = in.get(1);
            // Before opset 7 a 1-d slope is per channel (dim 1); from 7 it broadcasts like numpy.
            if (n.opset < 7 && slope.dim() == 1 && x.dim() > 2 && slope.size(0) == x.size(1)) {
                int[] shape = new int[x.dim() - 1];
                java.util.Arrays.fill(shape, 1);
                shape[0] = slope.size(0);
                slope = slope.reshape(shape);
            }
            return x.relu().add(x.clampMax(0).mul(slope));
        });
        binary(ops, "Equal", Tensor::eq);
        binary(ops, "Less", Tensor::lt);
        binary(ops, "LessOrEqual", Tensor::le);
        binary(ops, "Greater", Tensor::gt);
        binary(ops, "GreaterOrEqual", Tensor::ge);
        unary(ops, "Not", x -> x.eq(0));
        unary(ops, "Sign", Tensor::sign);
        unary(ops, "Sin", Tensor::sin);
        unary(ops, "Cos", Tensor::cos);
        ops.put("Where", (Operator.Single) (n, in, t) -> Tensor.where(in.get(0), in.get(1), in.get(2)));
        ops.put("HardSwish", (Operator.Single) (n, in, t) -> in.get(0).mul(in.get(0).div(6).add(0.5).clamp(0, 1)));
        ops.put("Celu", (Operator.Single) (n, in, t) -> {
            Tensor x = in.get(0);
            double alpha = n.f("alpha", 1f);
            return x.relu().add(x.div(alpha).exp().sub(1).mul(alpha).clampMax(0));
        });
        ops.put("ThresholdedRelu", (Operator.Single) (n, in, t) -> {
            Tensor x = in.get(0);
            return x.mul(x.gt(n.f("alpha", 1f)));
        });
        ops.put("Clip", (Operator.Single) ElementwiseOps::clip);
        ops.put("Sum", variadic(Tensor::add));
        ops.put("Max", variadic(Tensor::maximum));
        ops.put("Min", variadic(Tensor::minimum));
        ops.put("Mean", (Operator.Single) (n, in, t) -> variadicFold(in, Tensor::add).div(in.size()));
        ops.put("Cast", Operator.checked((n, in, t) -> in.get(0).to(OnnxTensors.nablaType((int) n.i("to", 0))), n -> {
            int to = (int) n.i("to", 0);
            if (to == TensorProto.FLOAT16 || to == TensorProto.BFLOAT16) throw n.unsupported("a cast to 16-bit floats");
            OnnxTensors.nablaType(to);
        }));
    }

    private static void unary(Map<String, Operator> ops, String name, UnaryOperator<Tensor> f) {
        ops.put(name, (Operator.Single) (n, in, t) -> f.apply(in.get(0)));
    }

    private static void binary(Map<String, Operator> ops, String name, BinaryOperator<Tensor> f) {
        ops.put(name, Operator.checked((n, in, t) -> f.apply(in.get(0), in.get(1)), n -> {
            // Opset < 7 broadcast only with the broadcast attribute and an axis; the default (axis = -1 aligned) is numpy's.
            if (n.opset < 7 && n.i("broadcast", 0) == 1 && n.has("axis")) throw n.unsupported("legacy broadcast with an axis");
        }));
    }

    /** Integer division truncates, as in C (ONNX); floating division is IEEE. */
    private static Tensor divide(Tensor a, Tensor b) {
        if (a.dtype().isFloating() || b.dtype().isFloating()) return a.div(b);
        DType type = a.dtype();
        Tensor q = a.to(DType.FLOAT64).div(b.to(DType.FLOAT64));
        return q.sign().mul(q.abs().floor()).to(type);
    }

    private static Tensor clip(OnnxNode n, List<Tensor> in, boolean training) {
        Tensor x = in.get(0);
        double min, max;
        if (n.opset < 11) {
            min = n.f("min", Float.NEGATIVE_INFINITY);
            max = n.f("max", Float.POSITIVE_INFINITY);
        } else {
            min = in.size() > 1 && in.get(1) != null ? in.get(1).item() : Double.NEGATIVE_INFINITY;
            max = in.size() > 2 && in.get(2) != null ? in.get(2).item() : Double.POSITIVE_INFINITY;
        }
        if (min > max) return Tensor.fullLike(x, max);
        Tensor y = x;
        if (min != Double.NEGATIVE_INFINITY) y = y.clampMin(min);
        if (max != Double.POSITIVE_INFINITY) y = y.clampMax(max);
        return y;
    }

    private static Operator variadic(BinaryOperator<Tensor> f) { return (Operator.Single) (n, in, t) -> variadicFold(in, f); }

    private static Tensor variadicFold(List<Tensor> in, BinaryOperator<Tensor> f) {
        Tensor acc = in.getFirst();
        for (int k = 1; k < in.size(); k++) acc = f.apply(acc, in.get(k));
        return acc;
    }
}
