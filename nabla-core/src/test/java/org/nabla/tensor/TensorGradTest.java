package org.nabla.tensor;

import static org.nabla.autograd.GradChecked.Inputs.NON_CONTIGUOUS;
import static org.nabla.autograd.GradChecked.Inputs.PLAIN;
import static org.nabla.tensor.GradInputs.leaf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nabla.autograd.GradChecked;
import org.nabla.autograd.GradCoverage;

@ExtendWith(GradCoverage.class)
class TensorGradTest {

    @Test
    @GradChecked(value = "Clone", on = {PLAIN, NON_CONTIGUOUS})
    void copy() {
        GradCoverage.assertGradients(in -> in[0].copy().mul(in[0]), GradInputs.normal(1, 3, 4));
        GradCoverage.assertGradients(in -> in[0].copy().mul(in[0]), leaf(GradInputs.normal(2, 4, 3).t()));
        // max along a dim of a 0-d tensor is a copy of it.
        GradCoverage.assertGradients(in -> in[0].max(0, false).values().mul(3), GradInputs.normal(3));
    }
}
