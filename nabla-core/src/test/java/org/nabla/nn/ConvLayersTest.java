package org.nabla.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nabla.autograd.GradChecked;
import org.nabla.autograd.GradCoverage;
import org.nabla.tensor.Convolution;
import org.nabla.tensor.DType;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

@ExtendWith(GradCoverage.class)
class ConvLayersTest {

    private static Tensor randn64(long seed, int... shape) { return Tensor.randn(new Generator(seed), shape).to(DType.FLOAT64); }

    private static Tensor leaf64(long seed, int... shape) { return randn64(seed, shape).requiresGrad(true); }

    @Test
    void defaultInitIsUniformWithinOneOverSqrtFanIn() {
        // Conv2d: fan_in = in/groups * kh * kw = 8 * 9.
        Conv2d conv = Conv2d.builder(16, 32, 3).groups(2).generator(new Generator(1)).build();
        double bound = 1 / Math.sqrt(8 * 9);
        assertThat(conv.weight.shape()).containsExactly(32, 8, 3, 3);
        assertThat(conv.weight.abs().max().item()).isLessThanOrEqualTo(bound).isGreaterThan(0.97 * bound);
        assertThat(conv.weight.mean().item()).isCloseTo(0, within(0.01));
        assertThat(conv.bias.abs().max().item()).isLessThanOrEqualTo(bound).isGreaterThan(0.5 * bound);
        // ConvTranspose2d: weight [in, out/groups, k, k]; PyTorch takes fan_in from its dim 1: out/groups * k * k = 4 * 16.
        ConvTranspose2d t = ConvTranspose2d.builder(6, 8, 4).groups(2).generator(new Generator(2)).build();
        assertThat(t.weight.shape()).containsExactly(6, 4, 4, 4);
        double tBound = 1 / Math.sqrt(4 * 16);
        assertThat(t.weight.abs().max().item()).isLessThanOrEqualTo(tBound).isGreaterThan(0.95 * tBound);
        assertThat(t.bias.shape()).containsExactly(8);
        // Conv1d: fan_in = in * k.
        Conv1d c1 = Conv1d.builder(5, 40, 7).bias(false).generator(new Generator(3)).build();
        assertThat(c1.bias).isNull();
        assertThat(c1.weight.abs().max().item()).isLessThanOrEqualTo(1 / Math.sqrt(35)).isGreaterThan(0.97 / Math.sqrt(35));
    }

    @Test
    void theSameGeneratorSeedGivesTheSameWeights() {
        Conv2d a = Conv2d.builder(3, 4, 3).generator(new Generator(7)).build(), b = Conv2d.builder(3, 4, 3).generator(new Generator(7)).build();
        assertThat(a.weight.toFloatArray()).containsExactly(b.weight.toFloatArray());
        assertThat(a.bias.toFloatArray()).containsExactly(b.bias.toFloatArray());
    }

    @Test
    void samePaddingKeepsTheSizeForEveryKernelAndDilation() {
        for (int k = 1; k <= 5; k++)
            for (int d = 1; d <= 3; d++) {
                Conv2d c2 = Conv2d.builder(2, 3, k, k + 1).padding("same").dilation(d, 1).build();
                assertThat(c2.call(Tensor.zeros(1, 2, 9, 8)).shape()).as("k=%d d=%d", k, d).containsExactly(1, 3, 9, 8);
                Conv1d c1 = Conv1d.builder(2, 3, k).padding("same").dilation(d).build();
                assertThat(c1.call(Tensor.zeros(2, 2, 11)).shape()).containsExactly(2, 3, 11);
            }
        assertThat(Conv2d.builder(1, 1, 3).padding("valid").build().call(Tensor.zeros(1, 1, 5, 6)).shape()).containsExactly(1, 1, 3, 4);
    }

    @Test
    void sameWithAnOddTotalPadsTheExtraCellAtTheEnd() {
        // Kernel 2 over [1, 2, 3] with weights {1, 10}: PyTorch pads 0 before and 1 after, giving [21, 32, 3].
        Conv1d c = Conv1d.builder(1, 1, 2).padding("same").bias(false).build();
        c.loadStateDict(java.util.Map.of("weight", Tensor.of(new float[] {1, 10}, 1, 1, 2)), true);
        assertThat(c.call(Tensor.of(new float[] {1, 2, 3}, 1, 1, 3)).toFloatArray()).containsExactly(21, 32, 3);
    }

    @Test
    void convTransposeUndoesAStridedConvolutionsShape() {
        Conv2d down = new Conv2d(3, 8, 3, 2, 1);
        ConvTranspose2d up = ConvTranspose2d.builder(8, 3, 3).stride(2).padding(1).outputPadding(1).build();
        Tensor x = Tensor.zeros(2, 3, 16, 10);
        assertThat(up.call(down.call(x)).shape()).containsExactly(2, 3, 16, 10);
        assertThat(up.call(down.call(x).select(0, 0)).shape()).containsExactly(3, 16, 10);
    }

    @Test
    void printsLikePyTorch() {
        assertThat(new Conv2d(3, 16, 3)).hasToString("Conv2d(3, 16, kernel_size=(3, 3), stride=(1, 1))");
        assertThat(Conv2d.builder(4, 8, 3, 5).stride(2).padding(1, 2).dilation(2).groups(4).bias(false).build())
                .hasToString("Conv2d(4, 8, kernel_size=(3, 5), stride=(2, 2), padding=(1, 2), dilation=(2, 2), groups=4, bias=False)");
        assertThat(Conv2d.builder(3, 16, 3).padding("same").build()).hasToString("Conv2d(3, 16, kernel_size=(3, 3), stride=(1, 1), padding=same)");
        assertThat(new Conv1d(2, 4, 3, 2, 1)).hasToString("Conv1d(2, 4, kernel_size=(3,), stride=(2,), padding=(1,))");
        assertThat(ConvTranspose2d.builder(4, 2, 3).stride(2).padding(1).outputPadding(1).groups(2).build())
                .hasToString("ConvTranspose2d(4, 2, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), output_padding=(1, 1), groups=2)");
    }

    @Test
    void wrongInputNamesTheLayerTheExpectedAndTheActualShape() {
        assertThatThrownBy(() -> new Conv2d(3, 16, 3).call(Tensor.zeros(2, 5, 8, 8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Conv2d(3, 16, kernel_size=(3, 3), stride=(1, 1)): expected input [n, 3, h, w] or [3, h, w], got [2, 5, 8, 8]");
        assertThatThrownBy(() -> new Conv2d(3, 16, 3).call(Tensor.zeros(3, 8)))
                .hasMessage("Conv2d(3, 16, kernel_size=(3, 3), stride=(1, 1)): expected input [n, 3, h, w] or [3, h, w], got [3, 8]");
        assertThatThrownBy(() -> new Conv1d(2, 4, 3).call(Tensor.zeros(1, 3, 8)))
                .hasMessage("Conv1d(2, 4, kernel_size=(3,), stride=(1,)): expected input [n, 2, length] or [2, length], got [1, 3, 8]");
        assertThatThrownBy(() -> new ConvTranspose2d(4, 2, 3).call(Tensor.zeros(1, 2, 5, 5)))
                .hasMessage("ConvTranspose2d(4, 2, kernel_size=(3, 3), stride=(1, 1)): expected input [n, 4, h, w] or [4, h, w], got [1, 2, 5, 5]");
        assertThatThrownBy(() -> Conv2d.builder(1, 1, 3).dilation(2).build().call(Tensor.zeros(1, 1, 4, 9)))
                .hasMessage("Conv2d(1, 1, kernel_size=(3, 3), stride=(1, 1), dilation=(2, 2)): input [1, 1, 4, 9] is smaller than the dilated kernel (5, 5) after padding (0, 0)");
    }

    @Test
    void badOptionsAreRefusedAtConstruction() {
        assertThatThrownBy(() -> Conv2d.builder(3, 4, 3).stride(2).padding("same").build())
                .hasMessage("Conv2d: padding='same' is not supported for strided convolutions, got stride (2, 2)");
        assertThatThrownBy(() -> Conv2d.builder(3, 4, 3).padding("full")).hasMessageContaining("invalid padding string 'full'");
        assertThatThrownBy(() -> Conv2d.builder(3, 4, 3).groups(2).build()).hasMessage("Conv2d: groups=2 must divide in_channels=3 and out_channels=4");
        assertThatThrownBy(() -> Conv2d.builder(3, 4, 3).stride(1, 2, 3)).hasMessage("Conv2d: stride must have 1 or 2 values, got [1, 2, 3]");
        assertThatThrownBy(() -> ConvTranspose2d.builder(3, 4, 3).stride(2).outputPadding(2).build())
                .hasMessageContaining("output_padding (2, 2) must be smaller than the stride (2, 2) or the dilation (1, 1)");
        assertThatThrownBy(() -> Conv2d.builder(3, 4, 3).outputPadding(1)).hasMessageContaining("only applies to transposed");
        assertThatThrownBy(() -> ConvTranspose2d.builder(3, 4, 3).padding("same").build()).hasMessageContaining("padding='same' is not supported");
    }

    @Test
    void aLayerComputesTheConvolutionOfItsOwnParameters() {
        Conv2d c = Conv2d.builder(2, 3, 3).stride(2).padding(1).dilation(1, 2).build();
        Tensor x = Tensor.randn(new Generator(4), 2, 2, 7, 8);
        Tensor want = Convolution.conv2d(x, c.weight, c.bias, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 2}, 1);
        assertThat(c.call(x).toFloatArray()).containsExactly(want.toFloatArray());
    }

    @Test
    @GradChecked(value = {"Conv2d", "ConstantPad"})
    void conv1dAndConv2dGradientsWithSamePaddingGroupsAndDilation() {
        Conv1d c1 = Conv1d.builder(4, 2, 4).padding("same").groups(2).build(); // total padding 3: one extra at the end
        GradCoverage.assertGradients(in -> c1.convolve(in[0], in[1], in[2]), leaf64(1, 2, 4, 5), leaf64(2, 2, 2, 4), leaf64(3, 2));
        Conv2d c2 = Conv2d.builder(2, 2, 2, 3).padding("same").dilation(1, 2).build();
        GradCoverage.assertGradients(in -> c2.convolve(in[0], in[1], in[2]), leaf64(4, 1, 2, 4, 5), leaf64(5, 2, 2, 2, 3), leaf64(6, 2));
        Conv2d c3 = Conv2d.builder(4, 2, 3).stride(2).padding(1).groups(2).bias(false).build();
        GradCoverage.assertGradients(in -> c3.convolve(in[0], in[1], null), leaf64(7, 2, 4, 5, 4), leaf64(8, 2, 2, 3, 3));
        // The layer itself, input gradient only (its float32 parameters are constants here).
        GradCoverage.assertGradients(in -> c2.call(in[0]), leaf64(9, 2, 4, 3));
    }

    @Test
    @GradChecked("ConvTranspose2d")
    void convTranspose2dGradients() {
        ConvTranspose2d t = ConvTranspose2d.builder(4, 2, 3).stride(2).padding(1).outputPadding(1).groups(2).build();
        GradCoverage.assertGradients(in -> t.convolve(in[0], in[1], in[2]), leaf64(10, 1, 4, 2, 3), leaf64(11, 4, 1, 3, 3), leaf64(12, 2));
        ConvTranspose2d d = ConvTranspose2d.builder(2, 2, 2).dilation(2).build();
        GradCoverage.assertGradients(in -> d.call(in[0]), leaf64(13, 1, 2, 3, 2));
    }
}
