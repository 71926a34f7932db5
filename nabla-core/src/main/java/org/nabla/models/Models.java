package org.nabla.models;

import java.util.Arrays;
import org.nabla.nn.BatchNorm2d;
import org.nabla.nn.Conv2d;
import org.nabla.nn.Dropout;
import org.nabla.nn.Flatten;
import org.nabla.nn.Linear;
import org.nabla.nn.MaxPool2d;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.models.vision.CifarResNet;
import org.nabla.nn.activation.ReLU;
import org.nabla.registry.Registry;
import org.nabla.tensor.Generator;

/**
 * Built-in models. {@link #mlp(Generator)} and {@link #lenet5(Generator)} are laid out exactly as the PyTorch
 * reference (`../shared/bench/pytorch/ref_bench.py`) builds them with {@code nn.Sequential}, so parameter names
 * ("1.weight", ...) match a PyTorch state dict of the same model. {@link #REGISTRY} names them for the command
 * line; {@link #create} builds any registered model for a dataset's sample shape and output count.
 */
public final class Models {
    private Models() {}

    /** The built-in models by name: the command line's choices. Register a new model here (or from your own code). */
    public static final Registry<ModelFactory> REGISTRY = new Registry<ModelFactory>("model")
            .register("mlp", "784-256-128-10 style perceptron (any sample shape, flattened)",
                    (shape, outputs, gen) -> mlp(Math.toIntExact(Arrays.stream(shape).asLongStream().reduce(1, Math::multiplyExact)), outputs, gen))
            .register("lenet5", "LeNet-5 for C x 28 x 28 or C x 32 x 32 images", (shape, outputs, gen) -> {
                if (shape.length != 3 || shape[1] != shape[2] || (shape[1] != 28 && shape[1] != 32))
                    throw new IllegalArgumentException("lenet5 takes C x 28 x 28 or C x 32 x 32 images, the data has samples of " + shape(shape));
                return lenet5(shape[0], shape[1] == 28 ? 2 : 0, outputs, gen);
            })
            .register("cnn", "small VGG-style CNN (C x H x W images, H and W multiples of 8)", (shape, outputs, gen) -> {
                if (shape.length != 3 || shape[1] % 8 != 0 || shape[2] % 8 != 0 || shape[1] == 0 || shape[2] == 0)
                    throw new IllegalArgumentException("cnn takes C x H x W images with H and W multiples of 8, the data has samples of " + shape(shape));
                return cnn(shape[0], shape[1], shape[2], outputs, gen);
            })
            .register("cifar_cnn", "the reference benchmark's CIFAR CNN: 2 x (2 conv3x3-BN-ReLU, max-pool) with 32, 64 channels, 256-unit head, dropout (C x H x W, H and W multiples of 4)",
                    (shape, outputs, gen) -> {
                        if (shape.length != 3 || shape[1] % 4 != 0 || shape[2] % 4 != 0 || shape[1] == 0 || shape[2] == 0)
                            throw new IllegalArgumentException("cifar_cnn takes C x H x W images with H and W multiples of 4, the data has samples of " + shape(shape));
                        return cifarCnn(shape[0], shape[1], shape[2], outputs, gen);
                    })
            .register("resnet20", "CIFAR ResNet-20 (He et al. 2016; 1x1-conv shortcuts), any C x H x W images", cifarResNet(20))
            .register("resnet32", "CIFAR ResNet-32 (He et al. 2016; 1x1-conv shortcuts), any C x H x W images", cifarResNet(32))
            .register("resnet56", "CIFAR ResNet-56 (He et al. 2016; 1x1-conv shortcuts), any C x H x W images", cifarResNet(56))
            .register("charrnn", "character language model: embedding 64, 2 Elman RNN layers of 256 (tanh), text", charRnn("charrnn", CharRnn.Cell.RNN))
            .register("charlstm", "character language model: embedding 64, 2 LSTM layers of 256, text", charRnn("charlstm", CharRnn.Cell.LSTM))
            .register("chargru", "character language model: embedding 64, 2 GRU layers of 256, text", charRnn("chargru", CharRnn.Cell.GRU))
            .register("gpt", "character transformer: 4 pre-norm layers, 4 heads, 128-dim, context = --bptt (64), text",
                    (LanguageModelFactory) (shape, outputs, gen) -> {
                        if (shape.length != 1) throw new IllegalArgumentException("gpt reads chunks of character ids [T], the data has samples of " + shape(shape));
                        Gpt.Config b = Gpt.Config.benchmark();
                        return new Gpt(new Gpt.Config(outputs, shape[0], b.dim(), b.heads(), b.layers(), b.dropout()), gen);
                    })
            .register("seq2seq", "GRU encoder-decoder with additive attention for the dates (human-written dates to ISO)", new ModelFactory() {
                @Override
                public Module create(int[] shape, int outputs, Generator gen) {
                    org.nabla.data.HumanDates dates = org.nabla.data.HumanDates.standard();
                    if (shape.length != 1 || outputs != org.nabla.data.HumanDates.outputVocabulary().size())
                        throw new IllegalArgumentException("seq2seq translates the dates' source characters [S] into " + org.nabla.data.HumanDates.outputVocabulary().size()
                                + " output characters, got samples of " + shape(shape) + " and " + outputs + " outputs");
                    return new org.nabla.models.text.Seq2Seq(org.nabla.models.text.DateTranslator.Recipe.defaults().config(dates), gen);
                }

                @Override public boolean seq2seq() { return true; }
            });

    static { org.nabla.models.vision.ResNets.register(REGISTRY); }

    private static ModelFactory cifarResNet(int depth) {
        return (shape, outputs, gen) -> {
            if (shape.length != 3 || shape[1] < 4 || shape[2] < 4)
                throw new IllegalArgumentException("resnet" + depth + " takes C x H x W images (H, W >= 4), the data has samples of " + shape(shape));
            return new CifarResNet(depth, shape[0], outputs, gen);
        };
    }

    static { org.nabla.models.vision.ClassicNets.register(REGISTRY); }

    static { org.nabla.models.detection.Detectors.register(REGISTRY); }
    static { org.nabla.models.segmentation.SegmentationModels.register(REGISTRY); }

    /** A {@link CharRnn} with the reference's sizes over {@code outputs} characters, for chunks [T]. */
    private static LanguageModelFactory charRnn(String name, CharRnn.Cell cell) {
        return (shape, outputs, gen) -> {
            if (shape.length != 1) throw new IllegalArgumentException(name + " reads chunks of character ids [T], the data has samples of " + shape(shape));
            return new CharRnn(CharRnn.Config.of(cell, outputs), gen);
        };
    }

    /**
     * The registered model {@code name} for samples of {@code sampleShape} and {@code outputs} outputs (classes, or
     * regression targets), as the command line builds it.
     *
     * @throws IllegalArgumentException for an unknown name or a shape the model cannot take, naming both
     */
    public static Module create(String name, int[] sampleShape, int outputs, Generator gen) {
        if (outputs < 1) throw new IllegalArgumentException("Models.create: need at least 1 output, got " + outputs);
        return REGISTRY.get(name).create(sampleShape, outputs, gen);
    }

    /** 784-256-128-10 with ReLUs: Flatten, Linear, ReLU, Linear, ReLU, Linear. */
    public static Sequential mlp(Generator gen) { return mlp(784, 10, gen); }

    /** inputs-256-128-classes with ReLUs, after a Flatten. */
    public static Sequential mlp(int inputs, int classes, Generator gen) {
        return new Sequential(new Flatten(), new Linear(inputs, 256, true, gen), new ReLU(), new Linear(256, 128, true, gen), new ReLU(),
                new Linear(128, classes, true, gen));
    }

    /**
     * LeNet-5 for 28x28 inputs: conv 5x5 (6, padding 2), ReLU, max-pool 2, conv 5x5 (16), ReLU, max-pool 2, Flatten,
     * 400-120-84-10 with ReLUs. 61,706 parameters.
     */
    public static Sequential lenet5(Generator gen) { return lenet5(1, 2, 10, gen); }

    /** LeNet-5 on {@code channels} input channels; padding 2 for 28x28 inputs, 0 for the original 32x32. */
    public static Sequential lenet5(int channels, int padding, int classes, Generator gen) {
        return new Sequential(
                Conv2d.builder(channels, 6, 5).padding(padding).generator(gen).build(), new ReLU(), new MaxPool2d(2),
                Conv2d.builder(6, 16, 5).generator(gen).build(), new ReLU(), new MaxPool2d(2),
                new Flatten(),
                new Linear(400, 120, true, gen), new ReLU(), new Linear(120, 84, true, gen), new ReLU(), new Linear(84, classes, true, gen));
    }

    /**
     * A small VGG-style CNN for 32x32 colour images (any C x H x W with H, W multiples of 8, down to the 1x8x8
     * digits, where it reaches about 98.6% in 20 epochs): three blocks of
     * 3x3 conv (padding 1, no bias), batch norm, ReLU and 2x2 max-pool with 32, 64 and 128 channels, then
     * Flatten, Linear(128 * H/8 * W/8, 256), ReLU, Dropout(0.5) and Linear(256, classes). Dropout draws from the
     * global generator.
     */
    public static Sequential cnn(int channels, int height, int width, int classes, Generator gen) {
        return new Sequential(
                block(channels, 32, gen), block(32, 64, gen), block(64, 128, gen),
                new Flatten(),
                new Linear(128 * (height / 8) * (width / 8), 256, true, gen), new ReLU(), new Dropout(0.5),
                new Linear(256, classes, true, gen));
    }

    /**
     * The reference benchmark's {@code cifar_cnn} ({@code ../shared/bench/pytorch/ref_bench.py}), same layout and
     * names: conv3x3-BN-ReLU with 32, 32 channels, max-pool 2, with 64, 64, max-pool 2, Flatten,
     * Linear(64 * H/4 * W/4, 256), ReLU, Dropout(0.5), Linear(256, classes). 1,117,162 parameters at 3x32x32.
     */
    public static Sequential cifarCnn(int channels, int height, int width, int classes, Generator gen) {
        return new Sequential(
                conv3x3(channels, 32, gen), new BatchNorm2d(32), new ReLU(), conv3x3(32, 32, gen), new BatchNorm2d(32), new ReLU(), new MaxPool2d(2),
                conv3x3(32, 64, gen), new BatchNorm2d(64), new ReLU(), conv3x3(64, 64, gen), new BatchNorm2d(64), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(64 * (height / 4) * (width / 4), 256, true, gen), new ReLU(), new Dropout(0.5),
                new Linear(256, classes, true, gen));
    }

    private static Conv2d conv3x3(int in, int out, Generator gen) {
        return Conv2d.builder(in, out, 3).padding(1).bias(false).generator(gen).build();
    }

    private static Module block(int in, int out, Generator gen) {
        return new Sequential(conv3x3(in, out, gen), new BatchNorm2d(out), new ReLU(),
                new MaxPool2d(2));
    }

    private static String shape(int[] s) {
        return s.length == 0 ? "[]" : String.join("x", Arrays.stream(s).mapToObj(Integer::toString).toList());
    }
}
