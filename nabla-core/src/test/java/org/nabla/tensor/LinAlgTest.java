package org.nabla.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LinAlgTest {

    @Test
    void addmmEqualsMatmulPlusBiasInFloat32() {
        Generator gen = new Generator(3);
        Tensor a = Tensor.randn(gen, 37, 19), b = Tensor.randn(gen, 19, 23);
        for (Tensor bias : new Tensor[] {Tensor.randn(gen, 23), Tensor.randn(gen, 37, 1), Tensor.randn(gen, 37, 23)}) {
            float[] fused = Tensor.addmm(bias, a, b).toFloatArray();
            float[] twoPass = a.matmul(b).add(bias).toFloatArray();
            for (int i = 0; i < fused.length; i++) assertThat(fused[i]).isCloseTo(twoPass[i], within(1e-5f));
        }
        // A transposed view of a (strided, column-major) gives the same product.
        Tensor aStrided = a.t().contiguous().t();
        assertThat(aStrided.isContiguous()).isFalse();
        float[] viaView = Tensor.addmm(Tensor.zeros(23), aStrided, b).toFloatArray();
        float[] plain = a.matmul(b).toFloatArray();
        for (int i = 0; i < plain.length; i++) assertThat(viaView[i]).isCloseTo(plain[i], within(1e-5f));
    }

    @Test
    void addmmRefusesShapesThatDoNotFit() {
        assertThatThrownBy(() -> Tensor.addmm(Tensor.zeros(4), Tensor.zeros(2, 3), Tensor.zeros(3, 5)))
                .hasMessageContaining("addmm").hasMessageContaining("[4]").hasMessageContaining("[2, 5]");
        assertThatThrownBy(() -> Tensor.addmm(Tensor.zeros(5), Tensor.zeros(2, 3), Tensor.zeros(4, 5)))
                .hasMessageContaining("addmm: expected [M, K] and [K, N], got shapes [2, 3] and [4, 5]");
    }
}
