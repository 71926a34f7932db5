package org.nabla.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nabla.tensor.Tensor;

/**
 * Stops training when a monitored metric has not improved by more than {@code minDelta} for {@code patience}
 * epochs (Keras' EarlyStopping: the wait counter resets on improvement, training stops once it reaches
 * patience). With {@code restoreBestWeights} the model gets the weights of the best epoch back when training ends.
 */
public final class EarlyStopping implements Callback {
    private final String metric;
    private final Monitor mode;
    private final int patience;
    private final double minDelta;
    private final boolean restoreBestWeights;
    private double best;
    private int wait, bestEpoch, stoppedEpoch;
    private Map<String, Tensor> bestWeights;

    public EarlyStopping(String metric, Monitor mode, int patience, double minDelta, boolean restoreBestWeights) {
        if (patience < 0) throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, got " + patience);
        if (!(minDelta >= 0)) throw new IllegalArgumentException("EarlyStopping: min_delta must be >= 0, got " + minDelta);
        this.metric = metric;
        this.mode = mode.resolve(metric);
        this.patience = patience;
        this.minDelta = minDelta;
        this.restoreBestWeights = restoreBestWeights;
    }

    /** Patience {@code patience} on {@code metric}, direction from its name, restoring the best weights. */
    public EarlyStopping(String metric, int patience) { this(metric, Monitor.AUTO, patience, 0, true); }

    @Override
    public void onTrainBegin(TrainContext ctx) {
        best = mode.worst();
        wait = 0;
        bestEpoch = 0;
        stoppedEpoch = 0;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(TrainContext ctx) {
        double current = Monitor.value(ctx, metric);
        if (mode.improves(current, best, minDelta)) {
            best = current;
            bestEpoch = ctx.epoch();
            wait = 0;
            if (restoreBestWeights) {
                bestWeights = new LinkedHashMap<>();
                ctx.trainer().model().stateDict().forEach((k, t) -> bestWeights.put(k, t.detach().copy()));
            }
            return;
        }
        wait++;
        if (wait >= patience) {
            stoppedEpoch = ctx.epoch();
            ctx.stopTraining();
        }
    }

    @Override
    public void onTrainEnd(TrainContext ctx) {
        if (restoreBestWeights && bestWeights != null) ctx.trainer().model().loadStateDict(bestWeights, true);
    }

    /** The best value seen. */
    public double best() { return best; }

    /** The epoch (1-based) of the best value, 0 before any. */
    public int bestEpoch() { return bestEpoch; }

    /** The epoch training was stopped after, 0 if it was not stopped. */
    public int stoppedEpoch() { return stoppedEpoch; }
}
