package org.nabla.tensor;

import static org.nabla.autograd.GradChecked.Inputs.NON_CONTIGUOUS;
import static org.nabla.autograd.GradChecked.Inputs.PLAIN;
import static org.nabla.tensor.GradInputs.leaf;
import static org.nabla.tensor.GradInputs.normal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nabla.autograd.GradChecked;
import org.nabla.autograd.GradCoverage;
import org.nabla.backend.RecurrentCell;

/**
 * Finite-difference checks (float64) of the fused recurrences: every input of the op (input projection, weight_hh,
 * GRU's bias_hh, h0, c0) through the packed output (every step's h and the final states), forward and reverse, with
 * and without rows of different lengths, and on strided inputs.
 */
@ExtendWith(GradCoverage.class)
class RecurrenceGradTest {
    private static final int T = 4, B = 3, H = 3;
    private static final int[] LENGTHS = {4, 1, 3};

    /** Checks cell's recurrence on fresh inputs, each direction, all rows T long and of LENGTHS. */
    private static void check(RecurrentCell cell, long seed) {
        int gh = cell.gates * H;
        boolean gru = cell == RecurrentCell.GRU, lstm = cell == RecurrentCell.LSTM;
        for (boolean reverse : new boolean[] {false, true}) {
            for (int[] lengths : new int[][] {null, LENGTHS}) {
                Tensor x = normal(seed, T, B, gh), w = normal(seed + 1, gh, H).mul(0.5).detach().requiresGrad(true);
                Tensor b = normal(seed + 2, gh), h0 = normal(seed + 3, B, H), c0 = normal(seed + 4, B, H);
                GradCoverage.assertGradients(in -> Recurrence.run(cell, in[0], in[1], gru ? in[2] : null, in[3], lstm ? in[4] : null, lengths, reverse, false),
                        x, w, b, h0, c0);
            }
        }
        // Strided operands: a time-major view of a batch-major projection, a transposed weight.
        Tensor x = leaf(normal(seed + 5, B, T, gh).transpose(0, 1)), w = leaf(normal(seed + 6, H, gh).mul(0.5).t());
        Tensor b = normal(seed + 7, gh), h0 = normal(seed + 8, B, H), c0 = normal(seed + 9, B, H);
        GradCoverage.assertGradients(in -> Recurrence.run(cell, in[0], in[1], gru ? in[2] : null, in[3], lstm ? in[4] : null, LENGTHS, true, false),
                x, w, b, h0, c0);
    }

    @Test
    @GradChecked(value = "LSTMRecurrence", on = {PLAIN, NON_CONTIGUOUS})
    void lstm() { check(RecurrentCell.LSTM, 10); }

    @Test
    @GradChecked(value = "GRURecurrence", on = {PLAIN, NON_CONTIGUOUS})
    void gru() { check(RecurrentCell.GRU, 20); }

    @Test
    @GradChecked(value = "RNNTanhRecurrence", on = {PLAIN, NON_CONTIGUOUS})
    void rnnTanh() { check(RecurrentCell.RNN_TANH, 30); }

    @Test
    @GradChecked(value = "RNNReluRecurrence", on = {PLAIN, NON_CONTIGUOUS})
    void rnnRelu() { check(RecurrentCell.RNN_RELU, 40); }
}
