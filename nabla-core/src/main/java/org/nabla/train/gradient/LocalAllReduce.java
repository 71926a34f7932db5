package org.nabla.train.gradient;

import java.util.List;
import org.nabla.tensor.Tensor;

/** The all-reduce of a single worker: the mean over one worker is its own gradient, so nothing changes. */
public final class LocalAllReduce implements GradientAllReduce {
    @Override public int worldSize() { return 1; }

    @Override public void allReduceMean(List<Tensor> gradients) {}

    @Override public String toString() { return "LocalAllReduce"; }
}
