package org.nabla.nn;

import java.util.Arrays;
import org.nabla.nn.functional.F;
import org.nabla.tensor.Tensor;

/**
 * What the padding layers share (PyTorch's {@code _ReflectionPadNd}, {@code _ReplicationPadNd},
 * {@code _ConstantPadNd}): the padding, given as one value for every side or as (before, after) pairs from the
 * last dim backwards ({left, right} in 1-d; {left, right, top, bottom} in 2-d; negative values crop), the mode
 * and the constant; forward is {@link F#pad}. Input: [N, C, *spatial] or [C, *spatial].
 */
public abstract sealed class PadNd extends Module
        permits ReflectionPad1d, ReflectionPad2d, ReplicationPad1d, ReplicationPad2d, ConstantPad1d, ConstantPad2d, ZeroPad2d {
    private final int dims;
    private final int[] padding;
    private final String mode;
    private final double value;

    PadNd(String layer, int dims, int[] padding, String mode, double value) {
        if (padding == null || (padding.length != 1 && padding.length != 2 * dims))
            throw new IllegalArgumentException(layer + ": padding must have 1 or " + 2 * dims + " values, got "
                    + (padding == null ? "null" : Arrays.toString(padding)));
        this.dims = dims;
        this.padding = new int[2 * dims];
        for (int i = 0; i < this.padding.length; i++) this.padding[i] = padding[padding.length == 1 ? 0 : i];
        this.mode = mode;
        this.value = value;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != dims + 1 && x.dim() != dims + 2)
            throw new IllegalArgumentException(this + ": expected a " + (dims + 1) + "-d or " + (dims + 2) + "-d input, got " + Arrays.toString(x.shape()));
        return named(() -> mode.equals("constant") ? F.pad(x, padding, value) : F.pad(x, padding, mode));
    }

    /** The (before, after) pairs, last dim first. */
    public int[] padding() { return padding.clone(); }

    public String mode() { return mode; }

    public double value() { return value; }

    /** PyTorch prints the tuple, and the value for a constant pad other than ZeroPad2d. */
    @Override
    protected String extraRepr() {
        return mode.equals("constant") && !(this instanceof ZeroPad2d)
                ? "padding=" + PyRepr.tuple(padding) + ", value=" + PyRepr.num(value)
                : PyRepr.tuple(padding);
    }
}
