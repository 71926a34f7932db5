package org.nabla.models;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nabla.nn.Sequential;
import org.nabla.nn.Summary;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

class ModelsTest {

    @Test
    void mlpHasPyTorchsLayoutAndParameterCount() {
        Sequential mlp = Models.mlp(new Generator(0));
        assertThat(mlp.namedParameters().keySet()).containsExactly("1.weight", "1.bias", "3.weight", "3.bias", "5.weight", "5.bias");
        assertThat(mlp.parameters().stream().mapToInt(Tensor::numel).sum()).isEqualTo(784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10);
        assertThat(mlp.call(Tensor.zeros(3, 784)).shape()).containsExactly(3, 10);
    }

    @Test
    void lenet5HasPyTorchsLayoutAndParameterCount() {
        Sequential lenet = Models.lenet5(new Generator(0));
        assertThat(lenet.namedParameters().keySet()).containsExactly("0.weight", "0.bias", "3.weight", "3.bias",
                "7.weight", "7.bias", "9.weight", "9.bias", "11.weight", "11.bias");
        assertThat(Summary.of(lenet, 1, 1, 28, 28).totalParams()).isEqualTo(61_706L);
        assertThat(lenet.call(Tensor.zeros(2, 1, 28, 28)).shape()).containsExactly(2, 10);
    }

    @Test
    void theSameSeedBuildsTheSameWeights() {
        assertThat(Models.lenet5(new Generator(5)).parameters().get(0).toFloatArray())
                .containsExactly(Models.lenet5(new Generator(5)).parameters().get(0).toFloatArray());
    }
}
