package org.nabla.nn.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.nabla.autograd.GradCheck;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.nn.functional.F;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

class ActivationModulesTest {
    private static final Tensor X = Tensor.randn(new Generator(7), 2, 3, 4).to(DType.FLOAT64);

    @Test
    void eachModuleComputesItsFunctionAndPrintsLikePyTorch() {
        Map<Module, Function<Tensor, Tensor>> pairs = new java.util.LinkedHashMap<>();
        pairs.put(new Sign(), F::sign);
        pairs.put(new Sigmoid(), F::sigmoid);
        pairs.put(new Tanh(), F::tanh);
        pairs.put(new ReLU(), F::relu);
        pairs.put(new LeakyReLU(), F::leakyRelu);
        pairs.put(new LeakyReLU(0.2), x -> F.leakyRelu(x, 0.2));
        pairs.put(new ELU(), F::elu);
        pairs.put(new SELU(), F::selu);
        pairs.put(new GELU(), F::gelu);
        pairs.put(new GELU("tanh"), x -> F.gelu(x, "tanh"));
        pairs.put(new Softplus(), F::softplus);
        pairs.put(new Softmax(1), x -> F.softmax(x, 1));
        pairs.put(new LogSoftmax(-1), x -> F.logSoftmax(x, -1));
        pairs.put(new PReLU(), x -> F.prelu(x, Tensor.full(0.25, 1)));
        pairs.put(new PReLU(3, 0.1), x -> F.prelu(x, Tensor.full(0.1, 3)));
        for (var e : pairs.entrySet())
            assertThat(e.getKey().call(X).toDoubleArray()).as(e.getKey().toString()).containsExactly(e.getValue().apply(X).toDoubleArray());
        assertThat(pairs.keySet().stream().map(Module::toString).toList()).containsExactly(
                "Sign()", "Sigmoid()", "Tanh()", "ReLU()", "LeakyReLU(negative_slope=0.01)", "LeakyReLU(negative_slope=0.2)",
                "ELU(alpha=1.0)", "SELU()", "GELU(approximate='none')", "GELU(approximate='tanh')", "Softplus(beta=1, threshold=20)",
                "Softmax(dim=1)", "LogSoftmax(dim=-1)", "PReLU(num_parameters=1)", "PReLU(num_parameters=3)");
    }

    @Test
    void preluLearnsItsSlopes() {
        PReLU prelu = new PReLU(3);
        assertThat(prelu.namedParameters()).containsOnlyKeys("weight");
        assertThat(prelu.weight.toFloatArray()).containsExactly(0.25f, 0.25f, 0.25f);
        Tensor x = Tensor.of(new float[] {-1, 2, -3, -4, 5, 6}, 2, 3);
        prelu.call(x).sum().backward();
        // d/da_c = sum of the negative inputs in channel c
        assertThat(prelu.weight.grad().toFloatArray()).containsExactly(-5f, 0f, -3f);
        // the module's input gradient, with its parameter in the graph
        PReLU p64 = new PReLU(3, 0.3);
        GradCheck.assertGradients(in -> p64.call(in[0]), Tensor.of(new double[] {-1.5, 0.7, -0.6, 1.2, -2, 0.9}, 2, 3).requiresGrad(true));
        assertThatThrownBy(() -> prelu.call(Tensor.zeros(2, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PReLU(num_parameters=3): expected input [N, 3, ...], got [2, 4]");
    }

    @Test
    void signPassesNoGradient() {
        Tensor x = Tensor.of(new float[] {-2, 0, 3}, 3).requiresGrad(true);
        Tensor y = new Sign().call(x);
        assertThat(y.toFloatArray()).containsExactly(-1f, 0f, 1f);
        y.sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(0f, 0f, 0f);
        // the straight-through estimator of the Sign javadoc: value sign(x), gradient 1
        x.setGrad(null);
        Tensor ste = x.add(x.sign().sub(x).detach());
        assertThat(ste.toFloatArray()).containsExactly(-1f, 0f, 1f);
        ste.sum().backward();
        assertThat(x.grad().toFloatArray()).containsExactly(1f, 1f, 1f);
    }

    @Test
    void activationsComposeInSequential() {
        Sequential net = new Sequential(new org.nabla.nn.Linear(4, 3, true, new Generator(1)), new GELU(), new PReLU(3), new LogSoftmax(1));
        Tensor out = net.call(Tensor.randn(new Generator(2), 5, 4));
        assertThat(out.shape()).containsExactly(5, 3);
        assertThat(net.namedParameters()).containsOnlyKeys("0.weight", "0.bias", "2.weight");
        assertThatThrownBy(() -> new GELU("exact")).hasMessage("GELU: approximate must be 'none' or 'tanh', got 'exact'");
    }
}
