package org.nabla.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.nabla.autograd.GradChecked.Inputs.BROADCAST;
import static org.nabla.autograd.GradChecked.Inputs.NON_CONTIGUOUS;
import static org.nabla.autograd.GradChecked.Inputs.PLAIN;
import static org.nabla.tensor.GradInputs.leaf;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nabla.autograd.GradChecked;
import org.nabla.autograd.GradCoverage;

@ExtendWith(GradCoverage.class)
class JoiningGradTest {

    /** The pieces scaled by 1, 2, 3, ... and joined again, so a piece routed to the wrong place shows. */
    private static Tensor rejoin(List<Tensor> pieces, int dim) {
        List<Tensor> scaled = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) scaled.add(pieces.get(i).mul(i + 1));
        return Tensor.cat(scaled, dim);
    }

    @Test
    @GradChecked(value = "Cat", on = {PLAIN, NON_CONTIGUOUS})
    void cat() {
        GradCoverage.assertGradients(in -> Tensor.cat(List.of(in[0], in[1]), 0), GradInputs.normal(1, 2, 3), GradInputs.normal(2, 4, 3));
        GradCoverage.assertGradients(in -> Tensor.cat(List.of(in[0], in[1], in[2]), -1),
                GradInputs.normal(3, 3, 2), GradInputs.normal(4, 3, 1), GradInputs.normal(5, 3, 3));
        GradCoverage.assertGradients(in -> Tensor.cat(List.of(in[0], in[1], in[0]), 1),
                leaf(GradInputs.normal(6, 2, 3).t()), leaf(GradInputs.normal(7, 3, 8).slice(1, 0, 8, 4)));
    }

    @Test
    @GradChecked(value = "Cat", on = {PLAIN, NON_CONTIGUOUS})
    void concatBufferGrowsLikeCatWithoutCopying() {
        // features so far -> a new part computed from them -> appended: DenseNet's pattern, squared so each view counts
        java.util.function.Function<Tensor[], Tensor> dense = in -> {
            ConcatBuffer features = new ConcatBuffer(in[0], 5);
            Tensor v1 = features.append(in[1]);
            Tensor v2 = features.append(v1.narrow(1, 1, 2).mul(in[2]));
            assertThat(v2.storage()).isSameAs(v1.storage());
            return v1.sum().add(v2.mul(v2));
        };
        GradCoverage.assertGradients(dense, GradInputs.normal(21, 2, 2, 3), GradInputs.normal(22, 2, 1, 3), GradInputs.normal(23, 2, 2, 3));
        // a strided part is copied in as it is
        GradCoverage.assertGradients(dense, GradInputs.normal(24, 2, 2, 3), leaf(GradInputs.normal(25, 2, 1, 6).slice(2, 0, 6, 2)),
                GradInputs.normal(26, 2, 2, 3));
        Tensor a = Tensor.ones(2, 1, 2), b = Tensor.zeros(2, 3, 2);
        ConcatBuffer features = new ConcatBuffer(a, 4);
        assertThat(features.append(b.narrow(1, 0, 2)).toFloatArray()).containsExactly(Tensor.cat(List.of(a, b.narrow(1, 0, 2)), 1).toFloatArray());
        assertThatThrownBy(() -> features.append(b)).hasMessage("ConcatBuffer: cannot append float32 [2, 3, 2] to 3 of 4 channels of float32 [2, 4, 2]");
    }

    @Test
    @GradChecked(value = {"Cat", "Unsqueeze"}, on = {PLAIN, NON_CONTIGUOUS})
    void stack() {
        for (int dim : new int[] {0, 1, -1}) {
            int d = dim;
            GradCoverage.assertGradients(in -> Tensor.stack(List.of(in[0], in[1], in[2]), d),
                    GradInputs.normal(8, 2, 3), GradInputs.normal(9, 2, 3), GradInputs.normal(10, 2, 3));
            GradCoverage.assertGradients(in -> Tensor.stack(List.of(in[0], in[1]), d),
                    leaf(GradInputs.normal(11, 3, 2).t()), leaf(GradInputs.normal(12, 2, 6).slice(1, 1, 6, 2)));
        }
    }

    @Test
    @GradChecked(value = "Slice", on = {PLAIN, NON_CONTIGUOUS})
    void splitAndChunk() {
        for (Tensor x : new Tensor[] {GradInputs.normal(13, 4, 5), leaf(GradInputs.normal(14, 5, 4).t())}) {
            GradCoverage.assertGradients(in -> rejoin(in[0].split(2, 1), 1), x);
            GradCoverage.assertGradients(in -> rejoin(in[0].split(new int[] {1, 3, 1}, -1), -1), x);
            GradCoverage.assertGradients(in -> rejoin(in[0].chunk(3, 0), 0), x);
            GradCoverage.assertGradients(in -> rejoin(in[0].chunk(2, 1), 1), x);
        }
    }

    @Test
    @GradChecked(value = "ConstantPad", on = {PLAIN, NON_CONTIGUOUS})
    void pad() {
        for (Tensor x : new Tensor[] {GradInputs.normal(15, 2, 3), leaf(GradInputs.normal(16, 3, 2).t())}) {
            GradCoverage.assertGradients(in -> in[0].pad(new int[] {1, 2}, 0.5), x);
            GradCoverage.assertGradients(in -> in[0].pad(new int[] {0, 1, 2, 0}, -1), x);
            GradCoverage.assertGradients(in -> in[0].pad(new int[] {0, 0, 1, 1}, 0).mul(in[0].pad(new int[] {0, 0, 0, 2}, 1)), x);
        }
        GradCoverage.assertGradients(in -> in[0].pad(new int[] {1, 0, 0, 1}, 0), GradInputs.normal(17, 2, 2, 2));
    }

    @Test
    @GradChecked(value = "Expand", on = {PLAIN, BROADCAST, NON_CONTIGUOUS})
    void repeat() {
        for (Tensor x : new Tensor[] {GradInputs.normal(18, 2, 3), leaf(GradInputs.normal(19, 3, 2).t())}) {
            GradCoverage.assertGradients(in -> in[0].repeat(2, 1), x);
            GradCoverage.assertGradients(in -> in[0].repeat(2, 1, 3), x);
            GradCoverage.assertGradients(in -> in[0].repeat(1, 1).mul(in[0]), x);
        }
    }
}
