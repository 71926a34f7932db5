package org.nabla.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.nabla.autograd.GradChecked.Inputs.NON_CONTIGUOUS;
import static org.nabla.autograd.GradChecked.Inputs.PLAIN;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nabla.autograd.GradChecked;
import org.nabla.autograd.GradCoverage;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/** Reflection, replication and constant padding: gradients, values, printed form and errors (PyTorch: LayerFixtureTest). */
@ExtendWith(GradCoverage.class)
class PaddingLayersTest {

    @Test
    @GradChecked(value = {"IndexSelect", "ConstantPad", "Slice"}, on = {PLAIN, NON_CONTIGUOUS})
    void paddingLayersPassGradCheck() {
        Tensor image = NormLayersTest.leaf(1, 1, 2, 3, 4);
        Tensor strided = NormLayersTest.normal(2, 2, 4, 3).transpose(1, 2).detach().requiresGrad(true); // [2, 3, 4], not contiguous
        for (Module m : new Module[] {new ReflectionPad2d(2, 1, 0, 2), new ReplicationPad2d(3), new ReplicationPad2d(-1, 2, 1, -1),
                new ZeroPad2d(1, 0, 2, 1), new ConstantPad2d(new int[] {1, -1, -1, 2}, 0.5)})
            GradCoverage.assertGradients(in -> m.call(in[0]), image);
        for (Module m : new Module[] {new ReflectionPad1d(3, -1), new ReplicationPad1d(4, 1), new ConstantPad1d(new int[] {2, -1}, -3)})
            GradCoverage.assertGradients(in -> m.call(in[0]), strided);
        GradCoverage.assertGradients(in -> F.pad(in[0], new int[] {1, 1, 2, 2, 1, 0}, "reflect"), NormLayersTest.leaf(3, 2, 3, 3, 2));
    }

    @Test
    void valuesMirrorRepeatOrFill() {
        Tensor x = Tensor.of(new float[] {0, 1, 2}, 1, 3);
        assertThat(new ReflectionPad1d(2).call(x).toFloatArray()).containsExactly(2, 1, 0, 1, 2, 1, 0);
        assertThat(new ReplicationPad1d(2, 1).call(x).toFloatArray()).containsExactly(0, 0, 0, 1, 2, 2);
        assertThat(new ConstantPad1d(new int[] {1, -2}, 9).call(x).toFloatArray()).containsExactly(9, 0);
        Tensor image = Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2);
        assertThat(new ReflectionPad2d(1, 0, 0, 1).call(image).toFloatArray()).containsExactly(2, 1, 2, 4, 3, 4, 2, 1, 2);
        assertThat(F.pad(image, new int[] {0, 0, 1, 0}).toFloatArray()).containsExactly(0, 0, 1, 2, 3, 4);
        // The gradient of a copy lands on the cell it copies.
        Tensor leaf = Tensor.of(new float[] {0, 1, 2}, 1, 3).requiresGrad(true);
        new ReplicationPad1d(2, 1).call(leaf).sum().backward();
        assertThat(leaf.grad().toFloatArray()).containsExactly(3, 1, 2);
    }

    @Test
    void printsLikePyTorch() {
        assertThat(new ReflectionPad1d(2)).hasToString("ReflectionPad1d((2, 2))");
        assertThat(new ReflectionPad2d(1, 0, 2, 1)).hasToString("ReflectionPad2d((1, 0, 2, 1))");
        assertThat(new ReplicationPad2d(1)).hasToString("ReplicationPad2d((1, 1, 1, 1))");
        assertThat(new ZeroPad2d(1)).hasToString("ZeroPad2d((1, 1, 1, 1))");
        assertThat(new ConstantPad1d(2, 3.5)).hasToString("ConstantPad1d(padding=(2, 2), value=3.5)");
        assertThat(new ConstantPad2d(new int[] {1, 0, 0, 1}, -1)).hasToString("ConstantPad2d(padding=(1, 0, 0, 1), value=-1.0)");
    }

    @Test
    void badPaddingIsRefusedNamingTheLayerOrOption() {
        assertThatThrownBy(() -> new ReflectionPad1d(3).call(Tensor.zeros(1, 2, 3)))
                .hasMessage("ReflectionPad1d((3, 3)): pad: reflect padding [3, 3] of input [1, 2, 3] must be smaller than the padded dim's size 3");
        assertThatThrownBy(() -> new ReflectionPad2d(1).call(Tensor.zeros(4, 4)))
                .hasMessage("ReflectionPad2d((1, 1, 1, 1)): expected a 3-d or 4-d input, got [4, 4]");
        assertThatThrownBy(() -> new ReplicationPad1d(1, 2, 3)).hasMessage("ReplicationPad1d: padding must have 1 or 2 values, got [1, 2, 3]");
        assertThatThrownBy(() -> new ReplicationPad1d(-2).call(Tensor.zeros(1, 1, 3)))
                .hasMessage("ReplicationPad1d((-2, -2)): pad: padding [-2, -2] of input [1, 1, 3] leaves nothing of a dim of size 3");
        assertThatThrownBy(() -> F.pad(Tensor.zeros(2, 3), new int[] {1, 1}, "circular"))
                .hasMessage("pad: mode must be 'constant', 'reflect' or 'replicate', got 'circular'");
        assertThatThrownBy(() -> F.pad(Tensor.zeros(3), new int[] {1, 1}, "reflect"))
                .hasMessage("pad: mode 'reflect' pads the last 1, 2 or 3 dims of an input with one or two more dims (batch, channel), got padding [1, 1] for input [3]");
        assertThatThrownBy(() -> F.pad(Tensor.zeros(2, 3), new int[] {1})).hasMessageStartingWith("pad: padding [1] must have an even, non-zero length");
        assertThatThrownBy(() -> F.pad(Tensor.zeros(2, 3), new int[] {-2, -2})).hasMessage("pad: padding [-2, -2] crops more than dim 1 of input [2, 3] holds");
    }
}
