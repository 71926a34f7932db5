package org.nabla.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a {@link Callback} sees: the trainer and the position in the run. */
public final class TrainContext {
    private final Trainer trainer;
    int epoch, batch, batches;
    final Map<String, Double> logs = new LinkedHashMap<>();

    TrainContext(Trainer trainer) { this.trainer = trainer; }

    public Trainer trainer() { return trainer; }

    /** The current epoch, 1-based. */
    public int epoch() { return epoch; }

    /** The training batch just finished, 1-based (in onBatchEnd). */
    public int batch() { return batch; }

    /** Training batches per epoch. */
    public int batches() { return batches; }

    /** Optimizer steps taken since the run began (survives resuming). */
    public long step() { return trainer.step(); }

    /** The latest metrics; a missing key (e.g. "val_loss" without a validation loader) is absent. */
    public Map<String, Double> logs() { return Collections.unmodifiableMap(logs); }

    /** Asks the trainer to stop after this epoch. */
    public void stopTraining() { trainer.stopTraining(); }
}
