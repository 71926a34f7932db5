package org.nabla.models;

import org.nabla.nn.Conv2d;
import org.nabla.nn.Flatten;
import org.nabla.nn.Linear;
import org.nabla.nn.MaxPool2d;
import org.nabla.nn.Sequential;
import org.nabla.nn.activation.ReLU;
import org.nabla.tensor.Generator;

/**
 * Built-in models, laid out exactly as the PyTorch reference (`../shared/bench/pytorch/ref_bench.py`) builds them with
 * {@code nn.Sequential}, so parameter names ("1.weight", ...) match a PyTorch state dict of the same model.
 */
public final class Models {
    private Models() {}

    /** 784-256-128-10 with ReLUs: Flatten, Linear, ReLU, Linear, ReLU, Linear. */
    public static Sequential mlp(Generator gen) {
        return new Sequential(new Flatten(), new Linear(784, 256, true, gen), new ReLU(), new Linear(256, 128, true, gen), new ReLU(),
                new Linear(128, 10, true, gen));
    }

    /**
     * LeNet-5 for 28x28 inputs: conv 5x5 (6, padding 2), ReLU, max-pool 2, conv 5x5 (16), ReLU, max-pool 2, Flatten,
     * 400-120-84-10 with ReLUs. 61,706 parameters.
     */
    public static Sequential lenet5(Generator gen) {
        return new Sequential(
                Conv2d.builder(1, 6, 5).padding(2).generator(gen).build(), new ReLU(), new MaxPool2d(2),
                Conv2d.builder(6, 16, 5).generator(gen).build(), new ReLU(), new MaxPool2d(2),
                new Flatten(),
                new Linear(400, 120, true, gen), new ReLU(), new Linear(120, 84, true, gen), new ReLU(), new Linear(84, 10, true, gen));
    }
}
