package org.nabla.models.segmentation;

import java.util.ArrayList;
import java.util.List;
import org.nabla.nn.Conv2d;
import org.nabla.nn.ConvTranspose2d;
import org.nabla.nn.Module;
import org.nabla.nn.ModuleList;
import org.nabla.nn.Sequential;
import org.nabla.nn.Submodule;
import org.nabla.nn.Upsample;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * U-Net (Ronneberger et al. 2015) with padded convolutions: a contracting path of {@link ConvPair}s, each followed
 * by 2x2 max pooling and kept as a skip, a middle pair at the widest width, and an expanding path where each level
 * up-samples by 2 (a 2x2 stride-2 transposed convolution, or bilinear interpolation and a 1x1 convolution),
 * concatenates the skip of the same resolution and runs a pair; a 1x1 convolution gives the class scores
 * [N, classes, H, W]. Keys as the reference benchmark's U-Net ({@code down.i}, {@code mid}, {@code up.i},
 * {@code dec.i}, {@code out}); H and W must be multiples of 2^(levels - 1).
 */
public final class UNet extends Module {
    /** How the expanding path doubles the resolution. */
    public enum UpSampling { TRANSPOSED_CONV, BILINEAR }

    /** The reference benchmark's widths: 16-32-64 down, 128 in the middle. */
    public static final int[] WIDTHS = {16, 32, 64, 128};

    private final int[] widths;
    private final Submodule<ModuleList> down, up, dec;
    private final Submodule<Sequential> mid;
    private final Submodule<Conv2d> out;

    /** widths: the contracting path's widths, the last one the middle's (at least two entries). */
    public UNet(int inChannels, int classes, int[] widths, UpSampling upSampling, Generator gen) {
        if (widths.length < 2) throw new IllegalArgumentException("UNet: need at least two widths (one level and the middle), got " + widths.length);
        this.widths = widths.clone();
        int levels = widths.length - 1;
        List<Module> downs = new ArrayList<>(), ups = new ArrayList<>(), decs = new ArrayList<>();
        for (int i = 0; i < levels; i++) downs.add(ConvPair.of(i == 0 ? inChannels : widths[i - 1], widths[i], gen));
        for (int i = levels - 1; i >= 0; i--) {
            ups.add(upSampling == UpSampling.TRANSPOSED_CONV
                    ? ConvTranspose2d.builder(widths[i + 1], widths[i], 2).stride(2).generator(gen).build()
                    : new Sequential(new Upsample(null, new double[] {2}, "bilinear", false), Conv2d.builder(widths[i + 1], widths[i], 1).generator(gen).build()));
            decs.add(ConvPair.of(2 * widths[i], widths[i], gen));
        }
        down = registerModule("down", ModuleList.class, new ModuleList(downs.toArray(Module[]::new)));
        mid = registerModule("mid", Sequential.class, ConvPair.of(widths[levels - 1], widths[levels], gen));
        up = registerModule("up", ModuleList.class, new ModuleList(ups.toArray(Module[]::new)));
        dec = registerModule("dec", ModuleList.class, new ModuleList(decs.toArray(Module[]::new)));
        out = registerModule("out", Conv2d.class, Conv2d.builder(widths[0], classes, 1).generator(gen).build());
    }

    /** The reference benchmark's U-Net: widths 16-32-64-128, transposed-convolution up-sampling. */
    public UNet(int inChannels, int classes, Generator gen) { this(inChannels, classes, WIDTHS, UpSampling.TRANSPOSED_CONV, gen); }

    /** The factor H and W must be multiples of. */
    public int stride() { return 1 << (widths.length - 1); }

    @Override
    public Tensor forward(Tensor x) {
        List<Tensor> skips = new ArrayList<>();
        for (Module block : down.get()) {
            x = block.call(x);
            skips.add(x);
            x = F.maxPool2d(x, 2);
        }
        x = mid.get().call(x);
        for (int i = 0; i < up.get().size(); i++) {
            Tensor skip = skips.get(skips.size() - 1 - i);
            x = dec.get().get(i).call(Tensor.cat(List.of(up.get().get(i).call(x), skip), 1));
        }
        return out.get().call(x);
    }
}
