package org.nabla.models.vision;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.nabla.models.ModelFactory;
import org.nabla.nn.Module;
import org.nabla.tensor.Generator;

/**
 * The registry entry of an ImageNet layout: builds it for C x H x W samples with H, W >= minSize (refusing smaller
 * ones with one line naming the model), and has {@code nabla summary} show it on 3 x 224 x 224 with 1000 classes.
 */
public record ImageNetFactory(String name, int minSize, Builder builder) implements ModelFactory {
    /** Builds the model for this many input channels and classes. */
    @FunctionalInterface
    public interface Builder {
        Module build(int channels, int classes, Generator gen);
    }

    @Override
    public Module create(int[] shape, int outputs, Generator gen) {
        if (shape.length != 3 || shape[1] < minSize || shape[2] < minSize)
            throw new IllegalArgumentException(name + " takes C x H x W images with H, W >= " + minSize + ", the data has samples of "
                    + (shape.length == 0 ? "[]" : Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining("x"))));
        return builder.build(shape[0], outputs, gen);
    }

    @Override
    public int[] defaultSampleShape() { return new int[] {3, 224, 224}; }

    @Override
    public int defaultOutputs() { return 1000; }
}
