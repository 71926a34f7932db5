package org.nabla.models.generative;

import java.util.List;
import org.nabla.nn.Embedding;
import org.nabla.nn.Module;
import org.nabla.nn.Submodule;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * A GAN's generator: noise z [N, latent] (and, when conditional, class labels [N]: their embedding is concatenated to
 * z) through {@code net} to images [N, C, H, W] in [-1, 1]. A convolutional net receives z as [N, latent', 1, 1].
 */
public final class ImageGenerator extends Module {
    private final Submodule<Module> net;
    private final Submodule<Embedding> labels;
    private final int latent, classes;
    private final boolean spatialInput;
    private final int[] sampleShape;

    /**
     * @param classes      0 for an unconditional generator, else the classes whose embedding (of {@code classes}
     *                     dimensions) joins z; {@code net} then takes latent + classes inputs
     * @param spatialInput whether {@code net} takes z as [N, latent', 1, 1] (a transposed-convolution stack)
     */
    public ImageGenerator(Module net, int latent, int classes, boolean spatialInput, int[] sampleShape, Generator gen) {
        this.net = registerModule("net", net);
        this.labels = classes > 0 ? registerModule("labels", Embedding.class, new Embedding(classes, classes, null, gen)) : null;
        this.latent = latent;
        this.classes = classes;
        this.spatialInput = spatialInput;
        this.sampleShape = sampleShape.clone();
    }

    /** Images for noise z and labels y (null for an unconditional generator). */
    public Tensor generate(Tensor z, Tensor y) { return invoke(() -> forward(z, y), z, y); }

    private Tensor forward(Tensor z, Tensor y) {
        Tensor in = z;
        if (labels != null) {
            if (y == null) throw new IllegalArgumentException("a conditional generator needs the class of each sample");
            in = Tensor.cat(List.of(z, labels.get().call(y)), 1);
        }
        if (spatialInput) in = in.reshape(in.size(0), in.size(1), 1, 1);
        return net.get().call(in);
    }

    @Override
    public Tensor forward(Tensor z) { return forward(z, null); }

    /** Noise [n, latent] from {@code gen}. */
    public Tensor noise(int n, Generator gen) { return Tensor.randn(gen, n, latent); }

    public int latent() { return latent; }

    /** The classes it is conditioned on; 0 when unconditional. */
    public int classes() { return classes; }

    public int[] sampleShape() { return sampleShape.clone(); }
}
