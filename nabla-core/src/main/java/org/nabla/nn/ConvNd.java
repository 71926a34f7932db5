package org.nabla.nn;

import java.util.Arrays;
import java.util.function.Function;
import org.nabla.nn.init.Init;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * What the convolution layers share (PyTorch's {@code _ConvNd}): the geometry, the weight and the bias, their
 * default initialisation and the printed form. The weight is [out, in/groups, *kernel] for a convolution and
 * [in, out/groups, *kernel] for a transposed one.
 *
 * <p>Default initialisation, as in PyTorch: weight and bias uniform in [-1/sqrt(fan_in), 1/sqrt(fan_in)]
 * (Kaiming-uniform with a = sqrt(5)), fan_in = weight.size(1) * kernel area from {@link Init#fans}; for a
 * transposed convolution that is out/groups * kernel area, as PyTorch computes it from the same weight layout.
 */
public abstract sealed class ConvNd extends Module permits Conv1d, Conv2d, ConvTranspose2d {
    protected final int inChannels, outChannels, groups;
    protected final int[] kernel, stride, padding, dilation, outputPadding;
    /** "same" or "valid" when padding was given as a string, else null. */
    protected final String paddingMode;
    private final boolean transposed;
    public final Parameter weight;
    public final Parameter bias;

    ConvNd(Builder<?> b, boolean transposed) {
        String layer = b.layer;
        this.transposed = transposed;
        this.inChannels = b.in;
        this.outChannels = b.out;
        this.groups = b.groups;
        this.kernel = b.kernel;
        this.stride = b.stride;
        this.dilation = b.dilation;
        this.outputPadding = b.outputPadding;
        this.paddingMode = b.paddingMode;
        this.padding = b.paddingMode != null ? new int[b.dims] : b.padding;
        if (inChannels <= 0 || outChannels <= 0)
            throw new IllegalArgumentException(layer + ": channel counts must be positive, got in_channels=" + inChannels + ", out_channels=" + outChannels);
        if (groups <= 0 || inChannels % groups != 0 || outChannels % groups != 0)
            throw new IllegalArgumentException(layer + ": groups=" + groups + " must divide in_channels=" + inChannels + " and out_channels=" + outChannels);
        for (int i = 0; i < b.dims; i++) {
            if (kernel[i] <= 0 || stride[i] <= 0 || dilation[i] <= 0)
                throw new IllegalArgumentException(layer + ": kernel_size " + tuple(kernel) + ", stride " + tuple(stride) + " and dilation "
                        + tuple(dilation) + " must be positive");
            if (padding[i] < 0) throw new IllegalArgumentException(layer + ": padding must be non-negative, got " + tuple(padding));
            if (outputPadding[i] < 0 || (outputPadding[i] > 0 && outputPadding[i] >= stride[i] && outputPadding[i] >= dilation[i]))
                throw new IllegalArgumentException(layer + ": output_padding " + tuple(outputPadding) + " must be smaller than the stride "
                        + tuple(stride) + " or the dilation " + tuple(dilation));
        }
        if (transposed && paddingMode != null)
            throw new IllegalArgumentException(layer + ": padding='" + paddingMode + "' is not supported; give the padding as integers");
        if ("same".equals(paddingMode))
            for (int s : stride)
                if (s != 1) throw new IllegalArgumentException(layer + ": padding='same' is not supported for strided convolutions, got stride " + tuple(stride));

        int[] shape = new int[b.dims + 2];
        shape[0] = transposed ? inChannels : outChannels;
        shape[1] = transposed ? outChannels / groups : inChannels / groups;
        System.arraycopy(kernel, 0, shape, 2, b.dims);
        this.weight = registerParameter("weight", Parameter.zeros(shape));
        double bound = 1 / Math.sqrt(Init.fans(weight)[0]);
        Init.uniform(weight, -bound, bound, b.gen);
        if (b.bias) {
            this.bias = registerParameter("bias", Parameter.zeros(outChannels));
            Init.uniform(this.bias, -bound, bound, b.gen);
        } else {
            this.bias = null;
        }
    }

    /** The layer applied with the given weight and bias (the forward pass uses its own parameters). */
    abstract Tensor convolve(Tensor x, Tensor weight, Tensor bias);

    @Override
    public Tensor forward(Tensor x) {
        int dims = kernel.length;
        if ((x.dim() != dims + 1 && x.dim() != dims + 2) || x.size(-dims - 1) != inChannels)
            throw new IllegalArgumentException(this + ": expected input " + expectedShape(true) + " or " + expectedShape(false)
                    + ", got " + Arrays.toString(x.shape()));
        if (!transposed) {
            // The padded input must hold at least one dilated kernel.
            for (int i = 0; i < dims; i++) {
                int size = x.size(x.dim() - dims + i), span = dilation[i] * (kernel[i] - 1) + 1;
                int padded = size + ("same".equals(paddingMode) ? span - 1 : 2 * padding[i]);
                if (padded < span)
                    throw new IllegalArgumentException(this + ": input " + Arrays.toString(x.shape()) + " is smaller than the dilated kernel "
                            + tuple(span(dims)) + " after padding " + tuple(padding));
            }
        }
        return named(() -> convolve(x, weight, bias));
    }

    private int[] span(int dims) {
        int[] s = new int[dims];
        for (int i = 0; i < dims; i++) s[i] = dilation[i] * (kernel[i] - 1) + 1;
        return s;
    }

    /** "[n, 3, h, w]" (batched) or "[3, h, w]". */
    private String expectedShape(boolean batched) {
        String spatial = kernel.length == 1 ? "length" : "h, w";
        return "[" + (batched ? "n, " : "") + inChannels + ", " + spatial + "]";
    }

    /** "same" padding: dilation * (k - 1) in total, the odd one on the right (end) side as in PyTorch. */
    int[] samePaddingLeft() {
        int[] left = new int[kernel.length];
        for (int i = 0; i < kernel.length; i++) left[i] = dilation[i] * (kernel[i] - 1) / 2;
        return left;
    }

    int[] samePaddingExtra() {
        int[] extra = new int[kernel.length];
        for (int i = 0; i < kernel.length; i++) extra[i] = dilation[i] * (kernel[i] - 1) % 2;
        return extra;
    }

    public int inChannels() { return inChannels; }

    public int outChannels() { return outChannels; }

    public int groups() { return groups; }

    public int[] kernelSize() { return kernel.clone(); }

    public int[] stride() { return stride.clone(); }

    public int[] padding() { return padding.clone(); }

    /** "same" or "valid" when the padding was given as a string (then {@link #padding} is zeros), else null. */
    public String paddingMode() { return paddingMode; }

    public int[] dilation() { return dilation.clone(); }

    public int[] outputPadding() { return outputPadding.clone(); }

    public boolean isTransposed() { return transposed; }

    /** PyTorch's repr: only the options that differ from their defaults after kernel_size and stride. */
    @Override
    protected String extraRepr() {
        StringBuilder s = new StringBuilder().append(inChannels).append(", ").append(outChannels)
                .append(", kernel_size=").append(tuple(kernel)).append(", stride=").append(tuple(stride));
        if (paddingMode != null) s.append(", padding=").append(paddingMode);
        else if (Arrays.stream(padding).anyMatch(p -> p != 0)) s.append(", padding=").append(tuple(padding));
        if (Arrays.stream(dilation).anyMatch(d -> d != 1)) s.append(", dilation=").append(tuple(dilation));
        if (Arrays.stream(outputPadding).anyMatch(p -> p != 0)) s.append(", output_padding=").append(tuple(outputPadding));
        if (groups != 1) s.append(", groups=").append(groups);
        if (bias == null) s.append(", bias=False");
        return s.toString();
    }

    /** Python's tuple repr: (3,) or (3, 3). */
    static String tuple(int[] v) {
        if (v.length == 1) return "(" + v[0] + ",)";
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) s.append(i > 0 ? ", " : "").append(v[i]);
        return s.append(")").toString();
    }

    /**
     * Options of a convolution layer, PyTorch's keyword arguments: {@code Conv2d.builder(3, 16, 3).stride(2).padding(1).build()}.
     * A single value applies to every spatial dim.
     */
    public static final class Builder<T extends ConvNd> {
        private final String layer;
        private final int dims;
        private final boolean transposed;
        private final Function<Builder<T>, T> make;
        final int in, out;
        int[] kernel, stride, padding, dilation, outputPadding;
        String paddingMode;
        int groups = 1;
        boolean bias = true;
        Generator gen = Generator.global();

        Builder(String layer, int dims, boolean transposed, int in, int out, int[] kernel, Function<Builder<T>, T> make) {
            this.layer = layer;
            this.dims = dims;
            this.transposed = transposed;
            this.make = make;
            this.in = in;
            this.out = out;
            this.kernel = expand("kernel_size", kernel);
            this.stride = filled(1);
            this.padding = filled(0);
            this.dilation = filled(1);
            this.outputPadding = filled(0);
        }

        public Builder<T> stride(int... s) { stride = expand("stride", s); return this; }

        /** Zero padding added to both sides of each spatial dim. */
        public Builder<T> padding(int... p) {
            padding = expand("padding", p);
            paddingMode = null;
            return this;
        }

        /** "valid" (no padding) or "same" (output size = input size; stride 1 only), as in PyTorch. */
        public Builder<T> padding(String mode) {
            if (!mode.equals("same") && !mode.equals("valid"))
                throw new IllegalArgumentException(layer + ": invalid padding string '" + mode + "', should be one of 'valid', 'same'");
            paddingMode = mode;
            return this;
        }

        public Builder<T> dilation(int... d) { dilation = expand("dilation", d); return this; }

        /** Extra size added to one side of the output of a transposed convolution. */
        public Builder<T> outputPadding(int... p) {
            if (!transposed) throw new IllegalArgumentException(layer + ": output_padding only applies to transposed convolutions");
            outputPadding = expand("output_padding", p);
            return this;
        }

        public Builder<T> groups(int g) { groups = g; return this; }

        public Builder<T> bias(boolean b) { bias = b; return this; }

        /** The generator the default initialisation draws from (the global one if not set). */
        public Builder<T> generator(Generator g) { gen = g; return this; }

        public T build() { return make.apply(this); }

        private int[] filled(int v) {
            int[] a = new int[dims];
            Arrays.fill(a, v);
            return a;
        }

        private int[] expand(String what, int[] v) {
            if (v.length == 1) {
                int[] a = filled(v[0]);
                return a;
            }
            if (v.length != dims)
                throw new IllegalArgumentException(layer + ": " + what + " must have 1 or " + dims + " values, got " + Arrays.toString(v));
            return v.clone();
        }
    }
}
