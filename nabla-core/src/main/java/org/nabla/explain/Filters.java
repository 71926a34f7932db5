package org.nabla.explain;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nabla.nn.Conv2d;
import org.nabla.nn.Module;
import org.nabla.tensor.Tensor;

/** The filters of a model's first convolution as pictures: each [C, kh, kw] min-max rescaled, grey or RGB. */
public final class Filters {
    private Filters() {}

    /** The name of the first {@link Conv2d} in registration order; none is an error. */
    public static String firstConvolution(Module model) {
        for (Map.Entry<String, Module> e : model.namedModules().entrySet())
            if (e.getValue() instanceof Conv2d) return e.getKey();
        throw new IllegalArgumentException("the model has no 2-d convolution, so no filters to draw");
    }

    /** One picture per output channel of the convolution's weight [K, C, kh, kw]; C other than 1 or 3 is averaged to grey. */
    public static List<BufferedImage> pictures(Conv2d conv) {
        Tensor w = conv.namedParameters().get("weight").detach();
        List<BufferedImage> out = new ArrayList<>();
        for (int k = 0; k < w.size(0); k++) {
            Tensor f = w.select(0, k);
            if (f.size(0) != 1 && f.size(0) != 3) f = f.mean(new int[] {0}, true);
            out.add(Images.image(Images.rescale(f)));
        }
        return out;
    }
}
