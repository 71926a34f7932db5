package org.nabla.train.task;

import java.util.Arrays;
import org.nabla.data.Batch;
import org.nabla.metrics.MeanAbsoluteError;
import org.nabla.metrics.R2Score;
import org.nabla.metrics.RootMeanSquaredError;
import org.nabla.nn.Module;
import org.nabla.nn.loss.Loss;
import org.nabla.nn.loss.MSELoss;
import org.nabla.optim.Optimizer;
import org.nabla.tensor.Tensor;

/**
 * Real-valued targets: outputs [N, D] (or [N]) against float targets of as many values per sample (a target [N]
 * meets an output [N, 1]), MSE unless told otherwise (L1, Huber...); metrics: MAE, RMSE and R².
 */
public final class RegressionTask extends SupervisedTask {
    /** {@link MSELoss} when {@code loss} is null. */
    public RegressionTask(Module model, Optimizer optimizer, Loss loss) {
        super(model, optimizer, loss != null ? loss : new MSELoss());
        metric(MeanAbsoluteError::new).metric(RootMeanSquaredError::new).metric(R2Score::new);
    }

    public RegressionTask(Module model, Optimizer optimizer) { this(model, optimizer, null); }

    @Override
    protected Pair pair(Tensor output, Batch batch) {
        Tensor y = batch.y();
        if (!y.dtype().isFloating()) throw new IllegalArgumentException("RegressionTask: targets must be floating point, got " + y.dtype());
        if (Arrays.equals(output.shape(), y.shape())) return new Pair(output, y);
        if (output.numel() != y.numel() || output.size(0) != y.size(0))
            throw new IllegalArgumentException("RegressionTask: outputs " + Arrays.toString(output.shape()) + " do not match targets "
                    + Arrays.toString(y.shape()));
        return new Pair(output, y.reshape(output.shape()));
    }
}
