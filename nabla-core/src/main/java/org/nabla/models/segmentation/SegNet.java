package org.nabla.models.segmentation;

import java.util.ArrayList;
import java.util.List;
import org.nabla.nn.Conv2d;
import org.nabla.nn.MaxPool2d;
import org.nabla.nn.MaxUnpool2d;
import org.nabla.nn.Module;
import org.nabla.nn.ModuleList;
import org.nabla.nn.Submodule;
import org.nabla.tensor.Tensor;
import org.nabla.tensor.Generator;
import org.nabla.tensor.ValuesIndices;

/**
 * SegNet (Badrinarayanan et al. 2017), small: an encoder of {@link ConvPair}s each followed by 2x2 max pooling that
 * keeps the position of every maximum, and a mirrored decoder where {@link MaxUnpool2d} puts each value back at its
 * encoder position (no skip features are stored, only the indices) before a pair of convolutions densifies the
 * sparse map; a 1x1 convolution gives the class scores [N, classes, H, W]. H and W must be multiples of
 * 2^levels.
 */
public final class SegNet extends Module {
    /** The encoder's widths, one per level. */
    public static final int[] WIDTHS = {16, 32, 64, 128};

    private final Submodule<ModuleList> enc, dec;
    private final Submodule<MaxPool2d> pool;
    private final Submodule<MaxUnpool2d> unpool;
    private final Submodule<Conv2d> out;
    private final int levels;

    public SegNet(int inChannels, int classes, int[] widths, Generator gen) {
        if (widths.length < 1) throw new IllegalArgumentException("SegNet: need at least one width");
        levels = widths.length;
        List<Module> encs = new ArrayList<>(), decs = new ArrayList<>();
        for (int i = 0; i < levels; i++) encs.add(ConvPair.of(i == 0 ? inChannels : widths[i - 1], widths[i], gen));
        for (int i = levels - 1; i >= 0; i--) decs.add(ConvPair.of(widths[i], i == 0 ? widths[0] : widths[i - 1], gen));
        enc = registerModule("enc", ModuleList.class, new ModuleList(encs.toArray(Module[]::new)));
        pool = registerModule("pool", MaxPool2d.class, new MaxPool2d(2));
        unpool = registerModule("unpool", MaxUnpool2d.class, new MaxUnpool2d(2));
        dec = registerModule("dec", ModuleList.class, new ModuleList(decs.toArray(Module[]::new)));
        out = registerModule("out", Conv2d.class, Conv2d.builder(widths[0], classes, 1).generator(gen).build());
    }

    public SegNet(int inChannels, int classes, Generator gen) { this(inChannels, classes, WIDTHS, gen); }

    /** The factor H and W must be multiples of. */
    public int stride() { return 1 << levels; }

    @Override
    public Tensor forward(Tensor x) {
        List<Tensor> indices = new ArrayList<>();
        List<int[]> sizes = new ArrayList<>();
        for (Module block : enc.get()) {
            x = block.call(x);
            sizes.add(x.shape());
            ValuesIndices pooled = pool.get().callWithIndices(x);
            indices.add(pooled.indices());
            x = pooled.values();
        }
        for (int i = 0; i < levels; i++) {
            int level = levels - 1 - i;
            x = unpool.get().call(x, indices.get(level), sizes.get(level));
            x = dec.get().get(i).call(x);
        }
        return out.get().call(x);
    }
}
