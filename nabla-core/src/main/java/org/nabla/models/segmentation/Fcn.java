package org.nabla.models.segmentation;

import org.nabla.nn.Conv2d;
import org.nabla.nn.ConvTranspose2d;
import org.nabla.nn.Module;
import org.nabla.nn.ModuleList;
import org.nabla.nn.Sequential;
import org.nabla.nn.Submodule;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * A fully convolutional network with FCN-8s-style skip fusion (Long et al. 2015), sized for small images: a
 * backbone of {@link ConvPair}s with 2x2 max pooling after each (widths 16-32-64-128, so the pooled maps are at
 * 1/2 .. 1/16), a head pair at 1/16 (the "fc" layers made convolutional), and 1x1 score layers on the head and on the
 * pooled maps at 1/8 and 1/4. The coarsest scores are up-sampled by a 4x4 stride-2 transposed convolution and added
 * to the next finer ones, twice, and the fused 1/4 scores are up-sampled bilinearly to the input size:
 * [N, classes, H, W]. H and W must be multiples of 16.
 */
public final class Fcn extends Module {
    public static final int[] WIDTHS = {16, 32, 64, 128};
    public static final int HEAD_WIDTH = 256;

    private final Submodule<ModuleList> backbone, scores, ups;
    private final Submodule<Sequential> head;

    public Fcn(int inChannels, int classes, Generator gen) {
        int[] w = WIDTHS;
        backbone = registerModule("backbone", ModuleList.class, new ModuleList(ConvPair.of(inChannels, w[0], gen), ConvPair.of(w[0], w[1], gen),
                ConvPair.of(w[1], w[2], gen), ConvPair.of(w[2], w[3], gen)));
        head = registerModule("head", Sequential.class, ConvPair.of(w[3], HEAD_WIDTH, gen));
        // score.0 on the head (1/16), score.1 on the 1/8 pool, score.2 on the 1/4 pool.
        scores = registerModule("score", ModuleList.class, new ModuleList(score(HEAD_WIDTH, classes, gen), score(w[2], classes, gen), score(w[1], classes, gen)));
        ups = registerModule("up", ModuleList.class, new ModuleList(up2(classes, gen), up2(classes, gen)));
    }

    private static Conv2d score(int in, int classes, Generator gen) { return Conv2d.builder(in, classes, 1).generator(gen).build(); }

    private static ConvTranspose2d up2(int classes, Generator gen) {
        return ConvTranspose2d.builder(classes, classes, 4).stride(2).padding(1).generator(gen).build();
    }

    /** The factor H and W must be multiples of. */
    public int stride() { return 16; }

    @Override
    public Tensor forward(Tensor x) {
        int h = x.size(2), w = x.size(3);
        Tensor[] pooled = new Tensor[4];
        for (int i = 0; i < 4; i++) {
            x = F.maxPool2d(backbone.get().get(i).call(x), 2);
            pooled[i] = x; // at 1/2, 1/4, 1/8, 1/16
        }
        Tensor s = scores.get().get(0).call(head.get().call(x));
        s = ups.get().get(0).call(s).add(scores.get().get(1).call(pooled[2]));
        s = ups.get().get(1).call(s).add(scores.get().get(2).call(pooled[1]));
        return F.interpolate(s, new int[] {h, w}, "bilinear", false);
    }
}
