package org.nabla.models.segmentation;

import org.nabla.nn.BatchNorm2d;
import org.nabla.nn.Conv2d;
import org.nabla.nn.Sequential;
import org.nabla.nn.activation.ReLU;
import org.nabla.tensor.Generator;

/**
 * The building block of the segmentation models: two 3x3 convolutions (padding 1, no bias), each followed by batch
 * norm and ReLU, as a {@link Sequential} (keys {@code 0.weight}, {@code 1.running_mean}, ..., {@code 3.weight}: the
 * layout of the reference benchmark's U-Net).
 */
final class ConvPair {
    private ConvPair() {}

    static Sequential of(int in, int out, Generator gen) {
        return new Sequential(conv3x3(in, out, gen), new BatchNorm2d(out), new ReLU(),
                conv3x3(out, out, gen), new BatchNorm2d(out), new ReLU());
    }

    private static Conv2d conv3x3(int in, int out, Generator gen) {
        return Conv2d.builder(in, out, 3).padding(1).bias(false).generator(gen).build();
    }
}
