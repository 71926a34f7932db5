package org.nabla.explain;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.nabla.autograd.GradMode;
import org.nabla.nn.Module;
import org.nabla.nn.Parameter;
import org.nabla.tensor.Tensor;

/**
 * The gradient of a scalar objective of a model's output with respect to its input, and nothing else: the
 * parameters are set not to require gradients for the pass (so no weight gradient is computed and their
 * {@code .grad} stays as it was) and restored afterwards.
 */
public final class InputGradient {
    private InputGradient() {}

    /** d objective(model(x)) / d x, x's shape. */
    public static Tensor of(Module model, Tensor x, Function<Tensor, Tensor> objective) {
        return ofInput(model, x, in -> objective.apply(model.call(in)));
    }

    /** d f(x) / d x for a scalar function f of the input that runs the model (e.g. a penalty on x beside a logit). */
    public static Tensor ofInput(Module model, Tensor x, Function<Tensor, Tensor> f) {
        Tensor in = x.detach().copy().requiresGrad(true);
        return withoutParameterGradients(model, () -> {
            f.apply(in).backward();
            return in.grad();
        });
    }

    /** Runs {@code pass} with grad mode on and the model's trained parameters set not to require gradients. */
    static <R> R withoutParameterGradients(Module model, Supplier<R> pass) {
        List<Parameter> trained = model.parameters().stream().filter(Parameter::requiresGrad).toList();
        trained.forEach(p -> p.requiresGrad(false));
        try (var g = GradMode.enableGrad()) {
            return pass.get();
        } finally {
            trained.forEach(p -> p.requiresGrad(true));
        }
    }
}
