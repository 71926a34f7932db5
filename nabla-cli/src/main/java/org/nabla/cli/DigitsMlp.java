package org.nabla.cli;

import java.util.List;
import org.nabla.autograd.GradMode;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * A two-layer perceptron (inputs -> hidden -> classes, ReLU) written directly with tensor ops and
 * autograd, trained by minibatch SGD with momentum.
 */
final class DigitsMlp {
    private final Tensor w1, b1, w2, b2;
    private final List<Tensor> parameters;
    private final List<Tensor> velocities;

    DigitsMlp(int inputs, int hidden, int classes, Generator gen) {
        w1 = heUniform(inputs, hidden, gen);
        b1 = Tensor.zeros(hidden).requiresGrad(true);
        w2 = heUniform(hidden, classes, gen);
        b2 = Tensor.zeros(classes).requiresGrad(true);
        parameters = List.of(w1, b1, w2, b2);
        velocities = parameters.stream().map(Tensor::zerosLike).toList();
    }

    /** U(-b, b) with b = sqrt(6 / fanIn), which keeps the scale of ReLU activations from layer to layer. */
    private static Tensor heUniform(int fanIn, int fanOut, Generator gen) {
        double bound = Math.sqrt(6.0 / fanIn);
        return Tensor.rand(gen, fanIn, fanOut).mul(2 * bound).sub(bound).requiresGrad(true);
    }

    /** Unnormalised class scores for a batch x of shape [batch, inputs]. */
    Tensor logits(Tensor x) { return x.matmul(w1).add(b1).relu().matmul(w2).add(b2); }

    /** Mean negative log-likelihood of the int64 labels under softmax(logits). */
    static Tensor loss(Tensor logits, Tensor labels) {
        return logits.logSoftmax(1).gather(1, labels.unsqueeze(1)).mean().neg();
    }

    /** How many rows of logits have their largest score at the label. */
    static int correct(Tensor logits, Tensor labels) { return (int) logits.argmax(1, false).eq(labels).sum().item(); }

    /** One step of SGD with momentum (PyTorch's rule: v = momentum * v + grad, p -= lr * v), then clears the gradients. */
    void step(double lr, double momentum) {
        try (var noGrad = GradMode.noGrad()) {
            for (int i = 0; i < parameters.size(); i++) {
                Tensor p = parameters.get(i), v = velocities.get(i);
                v.mulInPlace(momentum).addInPlace(p.grad(), 1);
                p.addInPlace(v, -lr);
                p.setGrad(null);
            }
        }
    }

    int parameterCount() { return parameters.stream().mapToInt(Tensor::numel).sum(); }
}
