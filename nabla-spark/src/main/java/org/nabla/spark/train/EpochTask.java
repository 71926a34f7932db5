package org.nabla.spark.train;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.nabla.data.DataLoader;
import org.nabla.data.Dataset;
import org.nabla.data.Normalizer;
import org.nabla.spark.allreduce.AllReduceKind;
import org.nabla.spark.allreduce.BarrierAllReduce;
import org.nabla.spark.data.SampleBlock;
import org.nabla.tensor.Generator;
import org.nabla.tensor.RunContext;
import org.nabla.train.Trainer;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * One barrier task's epoch: its replica built by the recipe inside a {@link RunContext} of its own (two tasks in
 * one executor share no threads or generator), restored from the last epoch's checkpoint, trained one epoch on the
 * task's cached block (the first {@code samplesPerWorker} samples, the local batch, the same shuffling on every
 * rank) with the all-reduce in its gradient chain; every rank returns its weights' digest (the driver checks that
 * the replicas agree) and rank 0 the checkpoint.
 */
final class EpochTask extends AbstractFunction1<scala.collection.Iterator<SampleBlock>, scala.collection.Iterator<EpochOutcome>>
        implements Serializable {
    private final ReplicaRecipe recipe;
    private final DataParallelTrainer.Settings settings;
    private final NormalizerState normalizer;
    private final int samplesPerWorker, totalSteps, epoch, attempt;
    private final Broadcast<CheckpointBytes> start;

    EpochTask(ReplicaRecipe recipe, DataParallelTrainer.Settings settings, Normalizer normalizer, int samplesPerWorker, int totalSteps,
              int epoch, int attempt, Broadcast<CheckpointBytes> start) {
        this.recipe = recipe;
        this.settings = settings;
        this.normalizer = NormalizerState.of(normalizer);
        this.samplesPerWorker = samplesPerWorker;
        this.totalSteps = totalSteps;
        this.epoch = epoch;
        this.attempt = attempt;
        this.start = start;
    }

    @Override
    public scala.collection.Iterator<EpochOutcome> apply(scala.collection.Iterator<SampleBlock> blocks) {
        BarrierTaskContext context = BarrierTaskContext.get();
        int rank = context.partitionId(), workers = context.getTaskInfos().length;
        SampleBlock block = CollectionConverters.asJava(blocks).next().first(samplesPerWorker);
        Dataset shard = normalizer == null ? block.dataset("shard-" + rank) : normalizer.normalizer().apply(block.dataset("shard-" + rank));
        EpochOutcome out;
        try (RunContext run = RunContext.of(settings.threadsPerWorker(), new Generator(settings.seed() ^ 0x5DEECE66DL));
             BarrierAllReduce allReduce = settings.allReduce().open(context)) {
            out = run.call(() -> {
                DataLoader loader = DataLoader.builder(shard).batchSize(settings.globalBatch() / workers)
                        .shuffle(new Generator(settings.seed() + 1)).dropLast(true).build();
                Trainer trainer = recipe.build(new ReplicaRecipe.Replica(rank, workers, epoch, attempt), loader, allReduce, totalSteps);
                if (start != null) trainer.resume(start.value().checkpoint());
                trainer.fit(epoch);
                String digest = WeightsDigest.of(trainer.model()); // compared on the driver
                Map<String, Double> logs = new LinkedHashMap<>(trainer.history().getLast());
                return new EpochOutcome(rank, rank == 0 ? CheckpointBytes.of(trainer.checkpoint()) : null, logs, digest,
                        allReduce.seconds(), allReduce.callSeconds(), allReduce.overlappedSeconds(), allReduce.calls(), allReduce.calls() == 0 ? 0 : allReduce.bytes() / allReduce.calls());
            });
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return CollectionConverters.asScala(List.of(out).iterator());
    }
}
