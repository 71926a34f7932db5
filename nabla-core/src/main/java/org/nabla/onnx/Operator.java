package org.nabla.onnx;

import java.util.List;
import org.nabla.tensor.Tensor;

/** How the importer runs one ONNX operator on Nabla tensors. */
interface Operator {
    /** The node's outputs, in order, from its inputs (null for an omitted optional input). */
    List<Tensor> run(OnnxNode node, List<Tensor> inputs, boolean training);

    /** Refuses, when the model is loaded, attribute values this operator does not implement. */
    default void check(OnnxNode node) {}

    /** An operator with one output. */
    interface Single extends Operator {
        Tensor apply(OnnxNode node, List<Tensor> inputs, boolean training);

        @Override
        default List<Tensor> run(OnnxNode node, List<Tensor> inputs, boolean training) { return List.of(apply(node, inputs, training)); }
    }

    /** A one-output operator with a load-time check. */
    static Operator checked(Single op, java.util.function.Consumer<OnnxNode> check) {
        return new Operator() {
            @Override
            public List<Tensor> run(OnnxNode node, List<Tensor> inputs, boolean training) { return op.run(node, inputs, training); }

            @Override
            public void check(OnnxNode node) { check.accept(node); }
        };
    }
}
