package org.nabla.models.vision;

import org.nabla.nn.AdaptiveAvgPool2d;
import org.nabla.nn.Conv2d;
import org.nabla.nn.Dropout;
import org.nabla.nn.Linear;
import org.nabla.nn.MaxPool2d;
import org.nabla.nn.Module;
import org.nabla.nn.Submodule;
import org.nabla.nn.init.Init;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * GoogLeNet (Inception v1, Szegedy et al. 2015) as torchvision 0.14 builds it with {@code transform_input=False}:
 * {@code conv1} (7x7/2 to 64), {@code maxpool1}, {@code conv2} (1x1), {@code conv3} (3x3 to 192), {@code maxpool2},
 * {@code inception3a}, {@code 3b}, {@code maxpool3}, {@code inception4a} ... {@code 4e}, {@code maxpool4},
 * {@code inception5a}, {@code 5b}, {@code avgpool}, {@code dropout} (0.2), {@code fc} (1024-classes); the
 * convolutions are {@link BasicConv2d}s (batch norm eps 0.001), the max-pools 3/2 with ceil mode.
 *
 * <p>With auxiliary classifiers ({@code aux_logits=True}, torchvision's default) {@code aux1} reads the output of
 * inception4a and {@code aux2} that of inception4d ({@link InceptionAux}): 13,004,888 parameters for 1000 classes,
 * 6,624,904 without. {@link #call} gives the main logits in either mode (the heads are not run); in training mode
 * {@link #callWithAux} also gives the heads' logits, as torchvision's {@code GoogLeNetOutputs} (the paper weights
 * their losses 0.3 each). Inputs of at least 15x15. Weights are initialised as torchvision does: N(0, 0.01)
 * convolutions and linear layers (its truncation at +-2 never bites at that scale).
 */
public final class GoogLeNet extends Module {
    /** The smallest input side its pooling takes (torchvision's {@code min_size}). */
    public static final int MIN_SIZE = 15;

    /**
     * The main logits and, in training mode with auxiliary heads, the logits of {@code aux1} (on inception4a's output)
     * and {@code aux2} (on inception4d's), else null. (torchvision's {@code GoogLeNetOutputs} holds the same three.)
     */
    public record Outputs(Tensor logits, Tensor aux1, Tensor aux2) {}

    private final Submodule<BasicConv2d> conv1, conv2, conv3;
    private final Submodule<MaxPool2d> maxpool1, maxpool2, maxpool3, maxpool4;
    private final Submodule<Inception> inception3a, inception3b, inception4a, inception4b, inception4c, inception4d, inception4e, inception5a, inception5b;
    private final Submodule<InceptionAux> aux1, aux2;
    private final Submodule<AdaptiveAvgPool2d> avgpool;
    private final Submodule<Dropout> dropout;
    private final Submodule<Linear> fc;

    /** torchvision's {@code GoogLeNet(num_classes, aux_logits, transform_input=False, dropout=0.2, dropout_aux=0.7)}. */
    public GoogLeNet(int inChannels, int classes, boolean auxLogits, Generator gen) {
        conv1 = registerModule("conv1", BasicConv2d.class, new BasicConv2d(inChannels, 64, 7, 2, 3, gen));
        maxpool1 = registerModule("maxpool1", MaxPool2d.class, new MaxPool2d(3, 2, 0, true));
        conv2 = registerModule("conv2", BasicConv2d.class, new BasicConv2d(64, 64, 1, 0, gen));
        conv3 = registerModule("conv3", BasicConv2d.class, new BasicConv2d(64, 192, 3, 1, gen));
        maxpool2 = registerModule("maxpool2", MaxPool2d.class, new MaxPool2d(3, 2, 0, true));
        inception3a = inception("inception3a", new Inception(192, 64, 96, 128, 16, 32, 32, gen));
        inception3b = inception("inception3b", new Inception(256, 128, 128, 192, 32, 96, 64, gen));
        maxpool3 = registerModule("maxpool3", MaxPool2d.class, new MaxPool2d(3, 2, 0, true));
        inception4a = inception("inception4a", new Inception(480, 192, 96, 208, 16, 48, 64, gen));
        inception4b = inception("inception4b", new Inception(512, 160, 112, 224, 24, 64, 64, gen));
        inception4c = inception("inception4c", new Inception(512, 128, 128, 256, 24, 64, 64, gen));
        inception4d = inception("inception4d", new Inception(512, 112, 144, 288, 32, 64, 64, gen));
        inception4e = inception("inception4e", new Inception(528, 256, 160, 320, 32, 128, 128, gen));
        maxpool4 = registerModule("maxpool4", MaxPool2d.class, new MaxPool2d(2, 2, 0, true));
        inception5a = inception("inception5a", new Inception(832, 256, 160, 320, 32, 128, 128, gen));
        inception5b = inception("inception5b", new Inception(832, 384, 192, 384, 48, 128, 128, gen));
        aux1 = auxLogits ? registerModule("aux1", InceptionAux.class, new InceptionAux(512, classes, 0.7, gen)) : null;
        aux2 = auxLogits ? registerModule("aux2", InceptionAux.class, new InceptionAux(528, classes, 0.7, gen)) : null;
        avgpool = registerModule("avgpool", AdaptiveAvgPool2d.class, new AdaptiveAvgPool2d(1, 1));
        dropout = registerModule("dropout", Dropout.class, new Dropout(0.2));
        fc = registerModule("fc", Linear.class, new Linear(1024, classes, true, gen));
        for (Module m : namedModules().values()) {
            if (m instanceof Conv2d c) Init.normal(c.weight, 0, 0.01, gen);
            else if (m instanceof Linear l) Init.normal(l.weight, 0, 0.01, gen);
        }
    }

    /** Whether it has the auxiliary classifiers. */
    public boolean hasAuxLogits() { return aux1 != null; }

    /** The main logits (the auxiliary heads are not run). */
    @Override
    public Tensor forward(Tensor x) { return run(x, false).logits(); }

    /** The main logits and, in training mode with auxiliary heads, aux1's and aux2's (null otherwise). */
    public Outputs callWithAux(Tensor x) { return invoke(() -> run(x, isTraining() && hasAuxLogits()), x); }

    private Outputs run(Tensor x, boolean withAux) {
        Tensor h = maxpool1.get().call(conv1.get().call(x));
        h = maxpool2.get().call(conv3.get().call(conv2.get().call(h)));
        h = maxpool3.get().call(inception3b.get().call(inception3a.get().call(h)));
        h = inception4a.get().call(h);
        Tensor a1 = withAux ? aux1.get().call(h) : null;
        h = inception4d.get().call(inception4c.get().call(inception4b.get().call(h)));
        Tensor a2 = withAux ? aux2.get().call(h) : null;
        h = maxpool4.get().call(inception4e.get().call(h));
        h = inception5b.get().call(inception5a.get().call(h));
        Tensor logits = fc.get().call(dropout.get().call(avgpool.get().call(h).flatten(1, -1)));
        return new Outputs(logits, a1, a2);
    }

    private Submodule<Inception> inception(String name, Inception block) { return registerModule(name, Inception.class, block); }
}
