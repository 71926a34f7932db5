package org.nabla.models.vision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nabla.models.Models;
import org.nabla.nn.Module;
import org.nabla.nn.Parameter;
import org.nabla.nn.functional.F;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

class ResNetTest {
    /** A ResNeXt-style network with SE, small enough to train a step in a test. */
    private static ResNet tiny() {
        return new ResNet(new ResNet.Config(ResNet.Block.BOTTLENECK, new int[] {1, 1, 1, 1}, 4, 8, 16), 1, 3, new Generator(3));
    }

    @Test
    void aTrainingStepReachesEveryParameterThroughGroupedConvolutionsAndSqueezeExcitation() {
        ResNet m = tiny();
        Map<String, Parameter> params = m.namedParameters();
        assertThat(params).containsKeys("layer1.0.conv2.weight", "layer1.0.se.fc1.weight", "layer1.0.se.fc2.bias", "layer4.0.downsample.0.weight");
        // layer1 inner width: floor(64 * 8 / 64) * 4 = 32 channels in 4 groups of 8
        assertThat(params.get("layer1.0.conv2.weight").shape()).containsExactly(32, 8, 3, 3);
        // se of layer1 squeezes 256 channels to 16
        assertThat(params.get("layer1.0.se.fc1.weight").shape()).containsExactly(16, 256, 1, 1);
        Tensor loss = F.crossEntropy(m.train().call(Tensor.randn(new Generator(4), 2, 1, 32, 32)), Tensor.of(new long[] {0, 2}, 2));
        loss.backward();
        params.forEach((name, p) -> {
            assertThat(p.grad()).as(name + ": gradient").isNotNull();
            assertThat(Double.isFinite(p.grad().abs().sum().item())).as(name + ": finite gradient").isTrue();
        });
    }

    @Test
    void torchvisionsStructureAndRefusals() {
        ResNet m = tiny();
        assertThat(m.namedModules()).containsKeys("maxpool", "avgpool", "layer3.0.se");
        assertThat(m.stateDict()).containsKeys("bn1.running_mean", "bn1.running_var", "bn1.num_batches_tracked");
        assertThat(m.stateDict().get("bn1.num_batches_tracked").dtype()).isEqualTo(DType.INT64);
        assertThatThrownBy(() -> m.call(Tensor.zeros(1, 1, 31, 64))).hasMessage("ResNet: expected input [N, C, H, W] with H, W >= 32, got [1, 1, 31, 64]");
        assertThatThrownBy(() -> new ResNet.Config(ResNet.Block.BASIC, new int[] {2, 2, 2, 2}, 32, 4, 0))
                .hasMessageContaining("BasicBlock only supports groups=1");
        assertThatThrownBy(() -> Models.create("resnet18", new int[] {3, 28, 28}, 10, new Generator(0)))
                .hasMessage("resnet18 takes C x H x W images with H, W >= 32, the data has samples of 3x28x28");
    }

    @Test
    void seResnet20SqueezesEveryBlock() {
        Module m = Models.create("se_resnet20", new int[] {1, 28, 28}, 10, new Generator(0));
        // the 16-channel stage squeezes to 1 channel (16 / 16), the 64-channel one to 4
        assertThat(m.namedParameters().get("layer1.0.se.fc1.weight").shape()).containsExactly(1, 16, 1, 1);
        assertThat(m.namedParameters().get("layer3.2.se.fc2.weight").shape()).containsExactly(64, 4, 1, 1);
        assertThat(m.call(Tensor.zeros(2, 1, 28, 28)).shape()).containsExactly(2, 10);
    }
}
