package org.nabla.spark.train;

import java.io.Serializable;
import org.nabla.data.DataLoader;
import org.nabla.train.Trainer;
import org.nabla.train.gradient.GradientAllReduce;

/**
 * How every barrier task builds its replica: the same model from the same seed, optimizer, schedule and task, with
 * the given loader (its own shard, the local batch size) and the all-reduce in the trainer's gradient chain
 * ({@code Trainer.Builder.allReduce}). Shipped to the executors, so it must be serializable (a lambda cast to this
 * interface is).
 */
@FunctionalInterface
public interface ReplicaRecipe extends Serializable {
    /**
     * @param replica    which task builds it (rank, workers, epoch, attempt)
     * @param train      the task's shard, shuffled from a generator every replica shares
     * @param allReduce  the all-reduce slot to pass to {@code Trainer.Builder.allReduce}
     * @param totalSteps the optimizer steps of the whole run (for schedules)
     */
    Trainer build(Replica replica, DataLoader train, GradientAllReduce allReduce, int totalSteps);

    /** Where a replica runs: rank of workers, the epoch (1-based) and the driver's attempt at it (0 first). */
    record Replica(int rank, int workers, int epoch, int attempt) implements Serializable {}
}
