package org.nabla.models;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nabla.nn.Conv2d;
import org.nabla.nn.Dropout;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
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
    void headsAndBlocksOfTheBuiltInModelsCanBeReplaced() {
        Sequential lenet = Models.lenet5(new Generator(0));
        lenet.replace("11", new Linear(84, 2, true, new Generator(1)));
        assertThat(lenet.call(Tensor.zeros(2, 1, 28, 28)).shape()).containsExactly(2, 2);
        Sequential cnn = Models.cnn(3, 32, 32, 10, new Generator(2));
        cnn.replace("0.0", Conv2d.builder(3, 32, 3).padding(1).bias(false).generator(new Generator(3)).build());
        cnn.replace("6", new Dropout(0.2));
        cnn.replace("7", new Sequential(new Linear(256, 64), new Linear(64, 5)));
        assertThat(cnn.namedParameters()).containsKey("7.1.weight");
        assertThat(cnn.call(Tensor.zeros(2, 3, 32, 32)).shape()).containsExactly(2, 5);
    }

    @Test
    void theSameSeedBuildsTheSameWeights() {
        assertThat(Models.lenet5(new Generator(5)).parameters().get(0).toFloatArray())
                .containsExactly(Models.lenet5(new Generator(5)).parameters().get(0).toFloatArray());
    }

    @Test
    void createBuildsEachModelForTheDataShape() {
        Generator g = new Generator(1);
        assertThat(Models.create("mlp", new int[] {1, 8, 8}, 10, g).call(Tensor.zeros(2, 1, 8, 8)).shape()).containsExactly(2, 10);
        assertThat(Models.create("lenet5", new int[] {3, 32, 32}, 4, g).call(Tensor.zeros(2, 3, 32, 32)).shape()).containsExactly(2, 4);
        Module cnn = Models.create("cnn", new int[] {3, 32, 32}, 10, g);
        assertThat(cnn.call(Tensor.zeros(2, 3, 32, 32)).shape()).containsExactly(2, 10);
        // three conv blocks without bias, 3 batch norms, two linear layers
        assertThat(Summary.of(cnn, 1, 3, 32, 32).totalParams()).isEqualTo(
                3L * 32 * 9 + 2 * 32 + 32L * 64 * 9 + 2 * 64 + 64L * 128 * 9 + 2 * 128 + 2048L * 256 + 256 + 256L * 10 + 10);
        assertThat(Models.create("lenet5", new int[] {1, 28, 28}, 10, new Generator(5)).parameters().get(0).toFloatArray())
                .containsExactly(Models.lenet5(new Generator(5)).parameters().get(0).toFloatArray());
    }

    @Test
    void createRefusesShapesAModelCannotTake() {
        Generator g = new Generator(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Models.create("lenet5", new int[] {1, 8, 8}, 10, g))
                .hasMessage("lenet5 takes C x 28 x 28 or C x 32 x 32 images, the data has samples of 1x8x8");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Models.create("cnn", new int[] {3, 30, 30}, 10, g))
                .hasMessage("cnn takes C x H x W images with H and W multiples of 8, the data has samples of 3x30x30");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Models.create("resnet", new int[] {3, 32, 32}, 10, g))
                .hasMessageStartingWith("unknown model 'resnet'; available: mlp, lenet5, cnn, ").hasMessageContaining("charlstm");
    }
}
