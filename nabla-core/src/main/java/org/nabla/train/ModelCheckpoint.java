package org.nabla.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nabla.io.Checkpoint;

/**
 * Saves the trainer's {@link Trainer#checkpoint()} after every epoch into {@code dir/last} and, when the monitored
 * metric improves, into {@code dir/best}; both are atomic {@link Checkpoint} folders that {@link Trainer#resume} reads.
 * Each records the best value so far in its config ({@value #BEST_KEY}), so a resumed run (one that starts after
 * epoch 0) only replaces {@code best} when it beats the saved one.
 */
public final class ModelCheckpoint implements Callback {
    /** The config key holding the best monitored value. */
    public static final String BEST_KEY = "best_value";
    private final Path last, best;
    private final String metric;
    private final Monitor mode;
    private double bestValue;
    private int bestEpoch;

    public ModelCheckpoint(Path dir, String metric, Monitor mode) {
        this.last = dir.resolve("last");
        this.best = dir.resolve("best");
        this.metric = metric;
        this.mode = mode.resolve(metric);
        this.bestValue = this.mode.worst();
    }

    public Path lastDir() { return last; }
    public Path bestDir() { return best; }

    /** The epoch (1-based) saved in {@code best}, 0 before any. */
    public int bestEpoch() { return bestEpoch; }

    @Override
    public void onTrainBegin(TrainContext ctx) {
        bestValue = mode.worst();
        bestEpoch = 0;
        if (ctx.trainer().epoch() > 0 && Files.exists(best.resolve(Checkpoint.INDEX))) {
            Checkpoint saved = Checkpoint.load(best);
            if (saved.config().get(BEST_KEY) instanceof Double v) {
                bestValue = v;
                bestEpoch = (int) saved.epoch();
            }
        }
    }

    @Override
    public void onEpochEnd(TrainContext ctx) {
        double current = Monitor.value(ctx, metric);
        boolean improved = mode.improves(current, bestValue, 0);
        if (improved) {
            bestValue = current;
            bestEpoch = ctx.epoch();
        }
        Checkpoint c = ctx.trainer().checkpoint();
        Map<String, Object> config = new LinkedHashMap<>(c.config());
        config.put("monitor", metric);
        if (Double.isFinite(bestValue)) config.put(BEST_KEY, bestValue);
        c = new Checkpoint(c.modelName(), c.model(), c.optimizerName(), c.optimizer(), c.epoch(), c.step(), c.rng(), config);
        c.save(last);
        if (improved) c.save(best);
    }
}
