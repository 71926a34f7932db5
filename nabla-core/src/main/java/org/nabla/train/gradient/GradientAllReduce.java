package org.nabla.train.gradient;

import java.util.List;
import org.nabla.tensor.Tensor;

/**
 * The all-reduce slot of data-parallel training: the first stage of a trainer's {@link GradientChain}, so every
 * later stage (the non-finite guard, clipping, noise) sees the same averaged gradients on every worker and all
 * workers take the same step. {@link LocalAllReduce} (one worker) leaves the gradients as they are.
 *
 * <p>A distributed implementation plugs in with {@code Trainer.Builder.allReduce(...)}: each of
 * {@link #worldSize()} workers runs the same trainer (same seed, so the same initial weights) on its own shard of
 * the data (a {@code Sampler} that keeps the samples of its rank), and {@link #allReduceMean} exchanges the
 * gradients (a ring all-reduce over sockets, MPI or a GPU collective library) and replaces each one, in place, by
 * the mean over the workers. The gradients come in the parameters' order, which is the same on every worker;
 * a parameter without a gradient on this step is left out on every worker alike.
 */
public interface GradientAllReduce extends GradientTransform {
    /** The number of workers taking part (1 for local training). */
    int worldSize();

    /** Replaces every gradient, in place, by its mean over the workers. */
    void allReduceMean(List<Tensor> gradients);

    @Override
    default void apply(GradientContext g) { allReduceMean(g.gradients()); }
}
