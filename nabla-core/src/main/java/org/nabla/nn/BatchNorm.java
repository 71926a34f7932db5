package org.nabla.nn;

import java.util.Arrays;
import org.nabla.autograd.GradMode;
import org.nabla.nn.functional.F;
import org.nabla.tensor.DType;
import org.nabla.tensor.Tensor;

/**
 * Batch normalisation over every dim of [N, C, *] but the channel dim (Ioffe and Szegedy, 2015), as PyTorch's
 * {@code _BatchNorm}. In training the batch statistics normalise (biased variance) and, with
 * trackRunningStats, update the buffers running_mean and running_var: running = (1 - momentum) * running +
 * momentum * batch, with the unbiased batch variance for running_var; momentum null means a cumulative average
 * (momentum = 1 / num_batches_tracked). In eval mode the running statistics normalise; without
 * trackRunningStats there are no buffers and the batch statistics are used in both modes.
 * Default initialisation: weight 1, bias 0, running_mean 0, running_var 1, num_batches_tracked 0.
 */
public abstract sealed class BatchNorm extends Module permits BatchNorm1d, BatchNorm2d {
    private final int numFeatures;
    private final double eps;
    private final Double momentum;
    private final boolean affine, trackRunningStats;
    /** [C] scale and shift; null without affine. */
    public final Parameter weight, bias;
    /** [C] float32 running statistics and the int64 0-d batch count; null without trackRunningStats. */
    public final Tensor runningMean, runningVar, numBatchesTracked;

    BatchNorm(int numFeatures, double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        if (numFeatures <= 0) throw new IllegalArgumentException(name() + ": num_features must be positive, got " + numFeatures);
        if (!(eps >= 0)) throw new IllegalArgumentException(name() + ": eps must be non-negative, got " + eps);
        if (momentum != null && !(momentum >= 0 && momentum <= 1))
            throw new IllegalArgumentException(name() + ": momentum must be in [0, 1] or null (cumulative average), got " + momentum);
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.affine = affine;
        this.trackRunningStats = trackRunningStats;
        weight = affine ? registerParameter("weight", new Parameter(Tensor.ones(numFeatures))) : null;
        bias = affine ? registerParameter("bias", Parameter.zeros(numFeatures)) : null;
        runningMean = trackRunningStats ? registerBuffer("running_mean", Tensor.zeros(numFeatures)) : null;
        runningVar = trackRunningStats ? registerBuffer("running_var", Tensor.ones(numFeatures)) : null;
        numBatchesTracked = trackRunningStats ? registerBuffer("num_batches_tracked", Tensor.zeros(DType.INT64)) : null;
    }

    /** Whether an input of this rank is accepted. */
    abstract boolean acceptsRank(int rank);

    /** The accepted input shapes, for error messages: "[N, 16, H, W]". */
    abstract String expectedShapes();

    @Override
    public Tensor forward(Tensor x) {
        if (!acceptsRank(x.dim()) || x.size(1) != numFeatures)
            throw new IllegalArgumentException(this + ": expected input " + expectedShapes() + ", got " + Arrays.toString(x.shape()));
        boolean training = isTraining();
        boolean update = training && trackRunningStats;
        double factor = !update ? 0 : momentum != null ? momentum : 1 / (numBatchesTracked.item() + 1);
        Tensor y = named(() -> F.batchNorm(x, runningMean, runningVar, weight, bias, training || !trackRunningStats, factor, eps));
        if (update) {
            try (var s = GradMode.noGrad()) {
                numBatchesTracked.copyFrom(numBatchesTracked.add(1));
            }
        }
        return y;
    }

    public int numFeatures() { return numFeatures; }

    public double eps() { return eps; }

    /** The momentum, or null for a cumulative moving average. */
    public Double momentum() { return momentum; }

    public boolean affine() { return affine; }

    public boolean trackRunningStats() { return trackRunningStats; }

    /** Sets running_mean to 0, running_var to 1 and num_batches_tracked to 0, as {@code reset_running_stats}. */
    public void resetRunningStats() {
        if (!trackRunningStats) return;
        try (var s = GradMode.noGrad()) {
            runningMean.zero();
            runningVar.fill(1);
            numBatchesTracked.zero();
        }
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + PyRepr.num(eps) + ", momentum=" + (momentum == null ? "None" : PyRepr.num(momentum))
                + ", affine=" + PyRepr.bool(affine) + ", track_running_stats=" + PyRepr.bool(trackRunningStats);
    }
}
