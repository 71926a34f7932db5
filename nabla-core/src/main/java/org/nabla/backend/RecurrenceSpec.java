package org.nabla.backend;

/**
 * One layer and direction of a fused recurrence: the cell, steps T, batch B, hidden size H, whether it runs from the
 * last step to the first, and each row's length (null: every row is T long). Row b only runs the steps t < lengths[b]:
 * at the others its state stays as it is and its output is zero, so a reverse pass starts at each row's own last step.
 * With reuseInput the forward may compute in the input projection's storage and keep its saved gates there (LSTM and
 * RNN: the caller hands over a projection nobody else reads), which saves a [T, B, G*H] buffer per call.
 */
public record RecurrenceSpec(RecurrentCell cell, int steps, int batch, int hidden, boolean reverse, int[] lengths, boolean reuseInput) {
    /** Whether row b runs step t. */
    public boolean runs(int b, int t) { return lengths == null || t < lengths[b]; }

    /** Rows of the packed output: the T outputs, then the final h, then (LSTM) the final c. */
    public int outputRows() { return steps + (cell.hasCellState() ? 2 : 1); }
}
