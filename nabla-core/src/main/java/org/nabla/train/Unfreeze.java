package org.nabla.train;

import java.util.List;
import org.nabla.tensor.Tensor;

/**
 * Gradual fine-tuning: parameters frozen at the start (requiresGrad false, e.g. a pretrained feature extractor)
 * train from epoch {@code afterEpochs + 1} on. They must already be in the optimizer, which skips them while their
 * gradient is null, so their optimizer state starts on the first epoch they train. The decision depends only on the
 * epoch, so a run resumed after the thaw thaws them again before its first epoch.
 */
public final class Unfreeze implements Callback {
    private final List<Tensor> params;
    private final int afterEpochs;

    /** Thaws {@code params} at the start of epoch {@code afterEpochs + 1} (epochs count from 1). */
    public Unfreeze(List<? extends Tensor> params, int afterEpochs) {
        if (afterEpochs < 0) throw new IllegalArgumentException("Unfreeze: afterEpochs must be >= 0, got " + afterEpochs);
        if (params.isEmpty()) throw new IllegalArgumentException("Unfreeze: no parameters to thaw");
        this.params = List.copyOf(params);
        this.afterEpochs = afterEpochs;
    }

    /** Whether the parameters train in {@code epoch} (1-based). */
    public boolean thawed(int epoch) { return epoch > afterEpochs; }

    @Override
    public void onEpochBegin(TrainContext ctx) {
        if (thawed(ctx.epoch())) for (Tensor p : params) p.requiresGrad(true);
    }
}
