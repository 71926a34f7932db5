package org.nabla.models.generative;

import java.util.List;
import org.nabla.nn.Embedding;
import org.nabla.nn.Module;
import org.nabla.nn.Submodule;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * A GAN's discriminator (or WGAN critic): images [N, C, H, W] to one score each [N, 1] (a logit, or a critic's value).
 * When conditional, the class's embedding, an H x W plane, joins the image as one more channel.
 */
public final class ImageCritic extends Module {
    private final Submodule<Module> net;
    private final Submodule<Embedding> labels;
    private final int height, width;

    /** @param classes 0 for an unconditional critic; else {@code net} takes C + 1 channels */
    public ImageCritic(Module net, int classes, int[] sampleShape, Generator gen) {
        this.net = registerModule("net", net);
        this.height = sampleShape[1];
        this.width = sampleShape[2];
        this.labels = classes > 0 ? registerModule("labels", Embedding.class, new Embedding(classes, height * width, null, gen)) : null;
    }

    /** Scores [N, 1] of images x with labels y (null when unconditional). */
    public Tensor score(Tensor x, Tensor y) { return invoke(() -> forward(x, y), x, y); }

    private Tensor forward(Tensor x, Tensor y) {
        Tensor in = x;
        if (labels != null) {
            if (y == null) throw new IllegalArgumentException("a conditional critic needs the class of each sample");
            in = Tensor.cat(List.of(x, labels.get().call(y).reshape(x.size(0), 1, height, width)), 1);
        }
        return net.get().call(in).reshape(x.size(0), 1);
    }

    @Override
    public Tensor forward(Tensor x) { return forward(x, null); }
}
