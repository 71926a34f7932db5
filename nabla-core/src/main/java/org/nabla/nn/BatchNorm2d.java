package org.nabla.nn;

/**
 * Batch normalisation of [N, C, H, W] (statistics per channel C over N, H and W), as
 * {@code torch.nn.BatchNorm2d}; see {@link BatchNorm} for the training and eval semantics.
 */
public final class BatchNorm2d extends BatchNorm {

    /** eps 1e-5, momentum 0.1, affine, tracking running statistics: PyTorch's defaults. */
    public BatchNorm2d(int numFeatures) { this(numFeatures, 1e-5, 0.1, true, true); }

    /** momentum null: cumulative moving average of the batch statistics. */
    public BatchNorm2d(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        super(numFeatures, eps, momentum, affine, trackRunningStats);
    }

    @Override
    boolean acceptsRank(int rank) { return rank == 4; }

    @Override
    String expectedShapes() { return "[N, " + numFeatures() + ", H, W]"; }
}
