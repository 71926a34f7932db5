package org.nabla.models.detection;

import java.util.Arrays;
import org.nabla.models.ModelFactory;
import org.nabla.nn.Module;
import org.nabla.registry.Registry;
import org.nabla.tensor.Generator;

/** Registers the detectors in the model registry: {@code ssd}, {@code ssd_hnm} and {@code yolo}. */
public final class Detectors {
    private Detectors() {}

    /** Hard-negative mining's background anchors per matched anchor (SSD's 3:1). */
    public static final double HARD_NEGATIVES = 3;

    public static void register(Registry<ModelFactory> registry) {
        registry.register("ssd", "single-shot detector: anchors at 2 sizes x 2 ratios on stride-8 and stride-16 maps, class and box heads, focal loss (C x H x W images, H and W multiples of 16; box datasets)",
                        detector((shape, classes, gen) -> new SingleShotDetector(shape, classes, SingleShotDetector.Options.defaults(), gen)))
                .register("ssd_hnm", "the ssd with hard-negative mining (3 background anchors per matched one, cross-entropy) instead of the focal loss",
                        detector((shape, classes, gen) -> new SingleShotDetector(shape, classes, SingleShotDetector.Options.defaults().withHardNegatives(HARD_NEGATIVES), gen)))
                .register("yolo", "YOLO-style grid detector: one box per stride-8 cell, objectness, class and box (C x H x W images, H and W multiples of 8; box datasets)",
                        detector((shape, classes, gen) -> new GridDetector(shape, classes, 128, gen)));
    }

    private static ModelFactory detector(ModelFactory make) {
        return new ModelFactory() {
            @Override
            public Module create(int[] sampleShape, int outputs, Generator gen) {
                if (sampleShape.length != 3) throw new IllegalArgumentException("detectors take C x H x W images, got samples of " + Arrays.toString(sampleShape));
                return make.create(sampleShape, outputs, gen);
            }

            @Override public boolean detector() { return true; }

            @Override public int[] defaultSampleShape() { return new int[] {1, 64, 64}; }
        };
    }
}
