package org.nabla.nn;

/**
 * Batch normalisation of [N, C] or [N, C, L] (statistics per channel C over N, and L), as
 * {@code torch.nn.BatchNorm1d}; see {@link BatchNorm} for the training and eval semantics.
 */
public final class BatchNorm1d extends BatchNorm {

    /** eps 1e-5, momentum 0.1, affine, tracking running statistics: PyTorch's defaults. */
    public BatchNorm1d(int numFeatures) { this(numFeatures, 1e-5, 0.1, true, true); }

    /** momentum null: cumulative moving average of the batch statistics. */
    public BatchNorm1d(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    boolean acceptsRank(int rank) { return rank == 2 || rank == 3; }

    @Override
    String expectedShapes() { return "[N, " + numFeatures() + "] or [N, " + numFeatures() + ", L]"; }
}
