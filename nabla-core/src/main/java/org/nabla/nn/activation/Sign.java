package org.nabla.nn.activation;

import org.nabla.nn.Module;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * sign(x) in {-1, 0, +1}, the output of Rosenblatt's perceptron.
 *
 * <p>Gradient: zero everywhere, as torch.sign's. The derivative of a step is 0 wherever it exists and undefined at 0
 * (a Dirac delta), so a Sign layer passes no gradient to what comes before it: a network with a hard sign inside
 * cannot be trained by backpropagation through it. The perceptron's rule does not need a gradient; to train
 * through a sign anyway, use a straight-through estimator, {@code x.add(x.sign().sub(x).detach())}, whose value is
 * sign(x) and whose gradient is the identity, or a smooth surrogate such as {@link Tanh}.
 */
public final class Sign extends Module {
    @Override
    public Tensor forward(Tensor input) { return F.sign(input); }
}
