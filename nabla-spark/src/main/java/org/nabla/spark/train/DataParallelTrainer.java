package org.nabla.spark.train;

import java.io.PrintWriter;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.nabla.data.Normalizer;
import org.nabla.io.Checkpoint;
import org.nabla.spark.allreduce.AllReduceKind;
import org.nabla.spark.data.SampleBlock;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Synchronous data-parallel training on Spark (DISTRIBUTED.md). The data is one cached {@link SampleBlock} per
 * worker; each epoch is one barrier stage ({@code rdd.barrier().mapPartitions}) of {@code workers} gang-scheduled
 * tasks, each holding a replica built by the same {@link ReplicaRecipe} (same seed, same initial weights) and
 * restored from the previous epoch's checkpoint. Every step: local gradient over the task's B/N samples → all-reduce
 * (mean over the tasks, in a fixed order) → the same optimizer step everywhere, so the replicas stay bit-identical
 * and the run equals single-process training with batch B to rounding. Rank 0 returns the epoch's checkpoint.
 *
 * <p>Faults: a task that fails fails its barrier stage (Spark kills the others; it does not retry a barrier result
 * stage itself); the driver then runs the epoch's stage again from the last checkpoint, up to
 * {@link Settings#maxAttempts} times, so a run with failures ends with the same weights as one without.
 */
public final class DataParallelTrainer {
    private static final ClassTag<EpochOutcome> OUTCOME = ClassTag$.MODULE$.apply(EpochOutcome.class);

    private DataParallelTrainer() {}

    /**
     * @param workers          barrier tasks (= partitions of the data; the cluster must have as many free task slots)
     * @param globalBatch      samples per optimizer step over all workers; each worker takes globalBatch / workers
     * @param epochs           epochs in all (a run resumed after epoch k runs the rest)
     * @param seed             the replicas' shuffling and run generators
     * @param allReduce        how gradients are averaged
     * @param threadsPerWorker each replica's kernel threads (its {@code RunContext})
     * @param maxAttempts      runs of one epoch's stage before the training fails
     */
    public record Settings(int workers, int globalBatch, int epochs, long seed, AllReduceKind allReduce, int threadsPerWorker, int maxAttempts)
            implements Serializable {
        public Settings {
            if (workers < 1) throw new IllegalArgumentException("--workers " + workers + ": needs at least 1");
            if (globalBatch < workers || globalBatch % workers != 0)
                throw new IllegalArgumentException("--batch-size " + globalBatch + ": must be a multiple of --workers " + workers + " (each worker takes an equal share)");
            if (epochs < 1) throw new IllegalArgumentException("--epochs " + epochs + ": needs at least 1");
            if (threadsPerWorker < 1) throw new IllegalArgumentException("threads per worker " + threadsPerWorker + ": needs at least 1");
            if (maxAttempts < 1) throw new IllegalArgumentException("--max-attempts " + maxAttempts + ": needs at least 1");
        }

        public int localBatch() { return globalBatch / workers; }
    }

    /**
     * One epoch as the driver saw it: rank 0's logs, the attempts it took, the all-reduce time per step and wall time.
     * {@code allReduceSecondsPerStep} is the mean time a step spends in the all-reduce (the slowest rank's);
     * {@code communicationSecondsPerStep} the part of it that is communication: per step, the time of the rank that
     * came last (it waits for no one), averaged; the rest ({@link #waitSecondsPerStep}) is waiting for the slower
     * replica (load imbalance, not the network). {@code overlappedSecondsPerStep}: the time rank 0's communication
     * thread spent exchanging buckets, most of it hidden behind the backward pass (0 without overlap).
     */
    public record EpochReport(int epoch, int attempts, Map<String, Double> logs, double allReduceSecondsPerStep,
                              double communicationSecondsPerStep, double overlappedSecondsPerStep, double stepSeconds, long gradientBytes,
                              double seconds) {
        public double waitSecondsPerStep() { return allReduceSecondsPerStep - communicationSecondsPerStep; }
    }

    /** The final checkpoint (rank 0's after the last epoch) and a report per epoch run. */
    public record Result(Checkpoint checkpoint, int stepsPerEpoch, List<EpochReport> epochs) {}

    /** Called on the driver after each epoch with its report and checkpoint (to save it). */
    @FunctionalInterface
    public interface EpochListener {
        void onEpoch(EpochReport report, Checkpoint checkpoint);
    }

    /**
     * Trains on {@code blocks} (exactly {@code settings.workers()} partitions; cached here) with inputs seen through
     * {@code normalizer} (null for none), from {@code resume} (null: fresh replicas). {@code log} (may be null)
     * hears about epochs and retried stages.
     */
    public static Result fit(JavaRDD<SampleBlock> blocks, Normalizer normalizer, ReplicaRecipe recipe, Settings settings, Checkpoint resume,
                             EpochListener listener, PrintWriter log) {
        if (blocks.getNumPartitions() != settings.workers())
            throw new IllegalArgumentException("data-parallel training: " + blocks.getNumPartitions() + " partitions for " + settings.workers()
                    + " workers (one partition per worker)");
        JavaRDD<SampleBlock> cached = blocks.cache();
        List<Integer> sizes = cached.map(SampleBlock::size).collect();
        int perWorker = sizes.stream().min(Comparator.naturalOrder()).orElse(0);
        int steps = perWorker / settings.localBatch();
        if (steps < 1)
            throw new IllegalArgumentException("data-parallel training: the smallest partition holds " + perWorker + " samples, less than one local batch of "
                    + settings.localBatch() + " (partition sizes " + sizes + ")");
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(cached.context());
        RDD<SampleBlock> data = cached.rdd();
        CheckpointBytes state = resume == null ? null : CheckpointBytes.of(resume);
        int first = resume == null ? 1 : Math.toIntExact(resume.epoch()) + 1;
        List<EpochReport> reports = new ArrayList<>();
        Checkpoint last = resume;
        for (int epoch = first; epoch <= settings.epochs(); epoch++) {
            long start = System.nanoTime();
            Broadcast<CheckpointBytes> from = state == null ? null : sc.broadcast(state);
            List<EpochOutcome> outcomes = null;
            int attempt = 0;
            for (; outcomes == null; attempt++) {
                EpochTask task = new EpochTask(recipe, settings, normalizer, perWorker, steps * settings.epochs(), epoch, attempt, from);
                try {
                    outcomes = new JavaRDD<>(data.barrier().mapPartitions(task, false, OUTCOME), OUTCOME).collect();
                } catch (Exception e) { // SparkException is checked, and Scala throws it undeclared
                    if (attempt + 1 >= settings.maxAttempts()) throw new IllegalStateException("epoch " + epoch + " failed " + settings.maxAttempts()
                            + " times; last failure: " + rootMessage(e), e);
                    if (log != null) {
                        log.printf("epoch %d: the barrier stage failed (%s); running it again from the %s%n", epoch, rootMessage(e),
                                state == null ? "initial weights" : "checkpoint of epoch " + (epoch - 1));
                        log.flush();
                    }
                }
            }
            if (from != null) from.destroy();
            EpochOutcome zero = outcomes.stream().filter(o -> o.rank() == 0).findFirst().orElseThrow();
            if (outcomes.stream().anyMatch(o -> !o.weightsDigest().equals(zero.weightsDigest())))
                throw new IllegalStateException("data-parallel training: the replicas' weights differ after epoch " + epoch + " (a non-deterministic kernel or recipe)");
            state = zero.checkpoint();
            last = state.checkpoint();
            double arPerStep = outcomes.stream().mapToDouble(o -> o.allReduceSeconds() / Math.max(1, o.allReduceCalls())).max().orElse(0);
            double seconds = (System.nanoTime() - start) * 1e-9;
            EpochReport report = new EpochReport(epoch, attempt, zero.logs(), arPerStep, communication(outcomes),
                    zero.overlappedSeconds() / Math.max(1, zero.allReduceCalls()),
                    zero.logs().getOrDefault("seconds", Double.NaN) / steps,
                    zero.gradientBytes(), seconds);
            reports.add(report);
            if (listener != null) listener.onEpoch(report, last);
        }
        return new Result(last, steps, reports);
    }

    /** The mean over steps of the shortest all-reduce among the ranks: the one that came last waited for nobody. */
    static double communication(List<EpochOutcome> outcomes) {
        int calls = outcomes.stream().mapToInt(o -> o.allReduceCallSeconds().length).min().orElse(0);
        if (calls == 0) return 0;
        double sum = 0;
        for (int i = 0; i < calls; i++) {
            double least = Double.POSITIVE_INFINITY;
            for (EpochOutcome o : outcomes) least = Math.min(least, o.allReduceCallSeconds()[i]);
            sum += least;
        }
        return sum / calls;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        String first = m.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(m);
        String root = t.toString().lines().findFirst().orElse("");
        return t == e || first.contains(root) ? first : first + " / " + root;
    }
}
