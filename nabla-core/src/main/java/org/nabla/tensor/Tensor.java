package org.nabla.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.nabla.autograd.Engine;
import org.nabla.autograd.GradMode;
import org.nabla.autograd.Node;
import org.nabla.backend.Backend;
import org.nabla.backend.Backends;
import org.nabla.backend.BinaryOp;
import org.nabla.backend.ReduceOp;
import org.nabla.internal.TensorInternals;

/**
 * An n-dimensional array with reverse-mode autodiff. A tensor is a {@link Storage} seen through a
 * {@link Layout}; views share storage. Ops are defined, with their backward rules, in the package's op
 * classes ({@code Elementwise}, {@code Reductions}, {@code Views}, {@code LinAlg}, {@code Joining},
 * {@code Indexing}, {@code Softmax}, {@code Sorting}, {@code Scans}, {@code Masking}, {@code Contraction},
 * {@code Sampling}); this class is their front door.
 */
public class Tensor {
    private final Storage storage;
    private final Layout layout;
    private boolean requiresGrad;
    private Node gradFn;
    private Tensor grad;
    private boolean retainsGrad;
    private List<UnaryOperator<Tensor>> hooks;

    Tensor(Storage storage, Layout layout) {
        this.storage = storage;
        this.layout = layout;
    }

    /** A new leaf over the same storage and layout as data (for subclasses such as nn.Parameter). */
    protected Tensor(Tensor data) {
        this(data.storage, data.layout);
    }

    /** A contiguous tensor over the given storage. */
    static Tensor of(Storage storage, int[] shape) { return new Tensor(storage, Layout.contiguous(shape)); }

    /** The backend every op runs on, chosen once by {@link Backends}: a constant, so no lookup per op. */
    private static final Backend BACKEND = Backends.current();

    static {
        TensorInternals.register(new TensorInternals() {
            @Override
            public void setGradFn(Tensor t, Node node) { t.setGradFn(node); }

            @Override
            public void accumulateGrad(Tensor t, Tensor g, boolean owned) { t.accumulateGrad(g, owned); }

            @Override
            public Tensor runGradHooks(Tensor t, Tensor g) { return t.runGradHooks(g); }
        });
    }

    static Backend backend() { return BACKEND; }

    // ---------------------------------------------------------------- creation

    public static Tensor zeros(int... shape) { return filled("zeros", 0, DType.FLOAT32, shape); }

    public static Tensor zeros(DType dtype, int... shape) { return filled("zeros", 0, dtype, shape); }

    public static Tensor ones(int... shape) { return filled("ones", 1, DType.FLOAT32, shape); }

    public static Tensor ones(DType dtype, int... shape) { return filled("ones", 1, dtype, shape); }

    public static Tensor full(double value, int... shape) { return filled("full", value, DType.FLOAT32, shape); }

    public static Tensor full(double value, DType dtype, int... shape) { return filled("full", value, dtype, shape); }

    private static Tensor filled(String op, double value, DType dtype, int[] shape) {
        int[] s = Shape.checkSizes(op, shape);
        return of(backend().full(dtype, Shape.numel(s), value), s);
    }

    public static Tensor zerosLike(Tensor t) { return zeros(t.dtype(), t.shape()); }

    public static Tensor onesLike(Tensor t) { return ones(t.dtype(), t.shape()); }

    public static Tensor fullLike(Tensor t, double value) { return full(value, t.dtype(), t.shape()); }

    /** A 0-d float32 tensor. */
    public static Tensor scalar(double value) { return full(value, DType.FLOAT32); }

    public static Tensor scalar(double value, DType dtype) { return full(value, dtype); }

    public static Tensor of(float[] data, int... shape) { return of(new Storage.F32(data.clone()), checkData("of", data.length, shape)); }

    public static Tensor of(double[] data, int... shape) { return of(new Storage.F64(data.clone()), checkData("of", data.length, shape)); }

    public static Tensor of(long[] data, int... shape) { return of(new Storage.I64(data.clone()), checkData("of", data.length, shape)); }

    public static Tensor of(int[] data, int... shape) { return of(new Storage.I32(data.clone()), checkData("of", data.length, shape)); }

    /** A float32 matrix from rows of equal length. */
    public static Tensor of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) throw new IllegalArgumentException("of: row " + i + " has " + rows[i].length + " elements, expected " + cols);
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return of(new Storage.F32(flat), new int[] {rows.length, cols});
    }

    /** A float64 matrix from rows of equal length. */
    public static Tensor of(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] flat = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) throw new IllegalArgumentException("of: row " + i + " has " + rows[i].length + " elements, expected " + cols);
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return of(new Storage.F64(flat), new int[] {rows.length, cols});
    }

    private static int[] checkData(String op, int length, int[] shape) {
        int[] s = shape.length == 0 && length != 1 ? new int[] {length} : Shape.inferSize(op, shape, length);
        if (Shape.numel(s) != length)
            throw new IllegalArgumentException(op + ": " + length + " values do not fill shape " + Shape.str(shape));
        return s;
    }

    /** 0, 1, ..., end-1 as int64, like {@code torch.arange(end)}. */
    public static Tensor arange(long end) { return arange(0, end); }

    public static Tensor arange(long start, long end) {
        int n = (int) Math.max(0, end - start);
        long[] v = new long[n];
        for (int i = 0; i < n; i++) v[i] = start + i;
        return of(new Storage.I64(v), new int[] {n});
    }

    /** start, start+step, ... below end as float32. */
    public static Tensor arange(double start, double end, double step) {
        if (step == 0 || Double.isNaN(step)) throw new IllegalArgumentException("arange: step must be non-zero, got " + step);
        int n = (int) Math.max(0, Math.ceil((end - start) / step));
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (start + i * step);
        return of(new Storage.F32(v), new int[] {n});
    }

    /** steps points evenly spaced from start to end inclusive, float32. */
    public static Tensor linspace(double start, double end, int steps) {
        if (steps < 0) throw new IllegalArgumentException("linspace: number of steps must be non-negative, got " + steps);
        float[] v = new float[steps];
        double step = steps > 1 ? (end - start) / (steps - 1) : 0;
        // Like PyTorch: fill the first half from start and the second half from end, so both ends are exact.
        for (int i = 0; i < steps; i++) v[i] = (float) (i < steps / 2 ? start + i * step : end - (steps - 1 - i) * step);
        if (steps == 1) v[0] = (float) start; // one point is the start, as in PyTorch
        return of(new Storage.F32(v), new int[] {steps});
    }

    public static Tensor eye(int n) { return eye(n, DType.FLOAT32); }

    public static Tensor eye(int n, DType dtype) {
        if (n < 0) throw new IllegalArgumentException("eye: n must be non-negative, got " + n);
        Storage s = backend().full(dtype, n * n, 0);
        for (int i = 0; i < n; i++) s.setDouble(i * n + i, 1);
        return of(s, new int[] {n, n});
    }

    /** Uniform in [0, 1), float32, from the global generator. */
    public static Tensor rand(int... shape) { return rand(Generator.global(), shape); }

    public static Tensor rand(Generator gen, int... shape) {
        int[] s = Shape.checkSizes("rand", shape);
        float[] v = new float[Shape.numel(s)];
        gen.nextFloats(v);
        return of(new Storage.F32(v), s);
    }

    /** Standard normal, float32, from the global generator. */
    public static Tensor randn(int... shape) { return randn(Generator.global(), shape); }

    public static Tensor randn(Generator gen, int... shape) {
        int[] s = Shape.checkSizes("randn", shape);
        float[] v = new float[Shape.numel(s)];
        gen.nextGaussians(v);
        return of(new Storage.F32(v), s);
    }

    /** Uniform integers in [low, high), int64. */
    public static Tensor randint(long low, long high, int... shape) { return randint(Generator.global(), low, high, shape); }

    public static Tensor randint(Generator gen, long low, long high, int... shape) {
        if (high <= low) throw new IllegalArgumentException("randint: high (" + high + ") must be greater than low (" + low + ")");
        int[] s = Shape.checkSizes("randint", shape);
        long[] v = new long[Shape.numel(s)];
        for (int i = 0; i < v.length; i++) v[i] = low + gen.nextLong(high - low);
        return of(new Storage.I64(v), s);
    }

    // ---------------------------------------------------------------- properties and data

    public int[] shape() { return layout.shape().clone(); }

    public int size(int dim) {
        if (dim() == 0) throw new IllegalArgumentException("size: a 0-d tensor has no dim " + dim);
        return layout.shape()[Shape.normalizeDim("size", dim, dim())];
    }

    public int[] stride() { return layout.strides().clone(); }

    public int dim() { return layout.rank(); }

    public int numel() { return layout.numel(); }

    public DType dtype() { return storage.dtype(); }

    public boolean isContiguous() { return layout.isContiguous(); }

    /** True when this tensor is the whole of its storage, laid out plainly (row-major from offset 0, no broadcast). */
    public boolean isDense() { return isContiguous() && layout.offset() == 0 && storage.size() == numel(); }

    /** The storage and layout, for backends and kernels; ops read them, users should not need to. */
    public Storage storage() { return storage; }

    public Layout layout() { return layout; }

    /** The value of a one-element tensor. */
    public double item() {
        if (numel() != 1)
            throw new IllegalStateException("item: only one-element tensors can be converted to a number, this one has shape " + Shape.str(layout.shape()));
        return storage.getDouble(layout.offset());
    }

    /** The element at the given index (negative indices count from the end). */
    public double get(int... index) { return storage.getDouble(position("get", index)); }

    /** Sets one element in place; refused on a leaf that requires grad while grad mode is on. */
    public void set(double value, int... index) {
        checkInPlace("set");
        storage.setDouble(position("set", index), value);
    }

    private int position(String op, int[] index) {
        if (index.length != dim())
            throw new IllegalArgumentException(op + ": expected " + dim() + " indices for shape " + Shape.str(layout.shape()) + ", got " + index.length);
        int p = layout.offset();
        for (int d = 0; d < index.length; d++) {
            int n = layout.shape()[d], i = index[d];
            if (i < -n || i >= n)
                throw new IndexOutOfBoundsException(op + ": index " + i + " is out of bounds for dim " + d + " with size " + n);
            p += (i < 0 ? i + n : i) * layout.strides()[d];
        }
        return p;
    }

    /** The elements in row-major order as float32 values. */
    public float[] toFloatArray() { return ((Storage.F32) backend().copy(storage, layout, DType.FLOAT32)).data(); }

    public double[] toDoubleArray() { return ((Storage.F64) backend().copy(storage, layout, DType.FLOAT64)).data(); }

    public long[] toLongArray() { return ((Storage.I64) backend().copy(storage, layout, DType.INT64)).data(); }

    public int[] toIntArray() { return ((Storage.I32) backend().copy(storage, layout, DType.INT32)).data(); }

    // ---------------------------------------------------------------- autograd

    public boolean requiresGrad() { return requiresGrad; }

    /** Marks a leaf tensor as one whose gradient backward() should compute. */
    public Tensor requiresGrad(boolean requiresGrad) {
        if (gradFn != null && !requiresGrad)
            throw new IllegalStateException("requiresGrad: cannot turn gradients off on a non-leaf tensor (produced by "
                    + gradFn.name() + "); use detach()");
        if (requiresGrad && !dtype().isFloating())
            throw new IllegalArgumentException("requiresGrad: only floating-point tensors can require gradients, this one is " + dtype());
        this.requiresGrad = requiresGrad;
        return this;
    }

    /** The node that produced this tensor, or null for a leaf. */
    public Node gradFn() { return gradFn; }

    /** Used by {@link Node#record} (through {@link TensorInternals}): makes this tensor the output of a recorded op. */
    private void setGradFn(Node node) {
        this.gradFn = node;
        this.requiresGrad = true;
    }

    public boolean isLeaf() { return gradFn == null; }

    /** The accumulated gradient, or null before the first backward. */
    public Tensor grad() { return grad; }

    public void setGrad(Tensor grad) {
        if (grad != null && !Arrays.equals(grad.shape(), shape()))
            throw new IllegalArgumentException("setGrad: gradient shape " + Shape.str(grad.shape()) + " does not match tensor shape " + Shape.str(shape()));
        this.grad = grad;
    }

    /**
     * Adds g to the stored gradient (used by the engine). The first gradient is copied unless the engine knows
     * nobody else holds g's storage: it hands the same tensor (often a broadcast view) to several inputs, and each
     * must own its .grad for in-place updates.
     */
    private void accumulateGrad(Tensor g, boolean owned) { grad = grad == null ? (owned ? g : g.copy()) : grad.add(g); }

    /** Keeps .grad on this non-leaf tensor after backward, like PyTorch's retain_grad(). */
    public Tensor retainGrad() {
        retainsGrad = true;
        return this;
    }

    public boolean retainsGrad() { return retainsGrad; }

    /**
     * Registers a hook called with this tensor's gradient during backward; a non-null return value replaces
     * the gradient. Returns a handle whose close() removes the hook.
     */
    public AutoCloseable registerHook(UnaryOperator<Tensor> hook) {
        if (!requiresGrad) throw new IllegalStateException("registerHook: cannot register a hook on a tensor that does not require grad");
        if (hooks == null) hooks = new ArrayList<>();
        hooks.add(hook);
        return () -> hooks.remove(hook);
    }

    /** Applies the registered hooks in order (used by the engine). */
    private Tensor runGradHooks(Tensor g) {
        if (hooks == null) return g;
        for (UnaryOperator<Tensor> h : List.copyOf(hooks)) {
            Tensor r = h.apply(g);
            if (r != null) g = r;
        }
        return g;
    }

    /** Backpropagates from this scalar. */
    public void backward() { Engine.backward(this, null, false, false); }

    /** Backpropagates with the given upstream gradient (same shape as this tensor). */
    public void backward(Tensor gradient) { Engine.backward(this, gradient, false, false); }

    public void backward(Tensor gradient, boolean retainGraph) { Engine.backward(this, gradient, retainGraph, false); }

    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) { Engine.backward(this, gradient, retainGraph, createGraph); }

    /** The same data, cut from the graph. */
    public Tensor detach() { return new Tensor(storage, layout); }

    /** A contiguous copy with its own storage, differentiable. */
    public Tensor copy() {
        Tensor out = of(backend().copy(storage, layout, dtype()), shape());
        return Node.record(out, "Clone", this, g -> g);
    }

    // ---------------------------------------------------------------- in-place updates (optimizers, initialisers)

    /** this := other (broadcast to this shape). */
    public Tensor copyFrom(Tensor other) {
        checkInPlace("copyFrom");
        int[] dst = shape();
        if (!Arrays.equals(Shape.broadcast("copyFrom", other.shape(), dst), dst))
            throw new IllegalArgumentException("copyFrom: source shape " + Shape.str(other.shape()) + " cannot be broadcast to destination shape " + Shape.str(dst));
        Tensor src = other.expand(dst);
        backend().copyInto(src.storage, src.layout, storage, layout);
        return this;
    }

    public Tensor fill(double value) { return copyFrom(scalar(value, dtype())); }

    public Tensor zero() { return fill(0); }

    /** this := this + alpha * other, in one pass over this (other broadcasts to this shape). */
    public Tensor addInPlace(Tensor other, double alpha) {
        checkInPlace("addInPlace");
        try (var s = GradMode.noGrad()) {
            boolean overlapping = other.storage == storage && !other.layout.equals(layout);
            if (!dtype().isFloating() || overlapping) return copyFrom(alpha == 1 ? add(other) : add(other.mul(alpha)));
            int[] dst = shape();
            if (!Arrays.equals(Shape.broadcast("addInPlace", other.shape(), dst), dst))
                throw new IllegalArgumentException("addInPlace: shape " + Shape.str(other.shape()) + " cannot be broadcast to " + Shape.str(dst));
            Tensor src = Elementwise.rawCast(other, dtype()).expand(dst);
            backend().axpyInPlace(alpha, src.storage, src.layout, storage, layout);
            return this;
        }
    }

    /**
     * this := beta * this + alpha * other, in one pass over this (other broadcasts to this shape): the optimisers'
     * running averages, e.g. buf = momentum * buf + (1 - dampening) * g. Rounds like mulInPlace(beta) followed by
     * addInPlace(other, alpha).
     */
    public Tensor scaleAddInPlace(double beta, Tensor other, double alpha) {
        checkInPlace("scaleAddInPlace");
        try (var s = GradMode.noGrad()) {
            if (!dtype().isFloating() || other.storage == storage) return copyFrom(mul(beta).add(other.mul(alpha)));
            int[] dst = shape();
            if (!Arrays.equals(Shape.broadcast("scaleAddInPlace", other.shape(), dst), dst))
                throw new IllegalArgumentException("scaleAddInPlace: shape " + Shape.str(other.shape()) + " cannot be broadcast to " + Shape.str(dst));
            Tensor src = Elementwise.rawCast(other, dtype()).expand(dst);
            backend().axpbyInPlace(alpha, src.storage, src.layout, beta, storage, layout);
            return this;
        }
    }

    /** this := this * factor, in one pass. */
    public Tensor mulInPlace(double factor) {
        checkInPlace("mulInPlace");
        try (var s = GradMode.noGrad()) {
            if (!dtype().isFloating()) return copyFrom(mul(factor));
            backend().scaleInPlace(factor, storage, layout);
            return this;
        }
    }

    private void checkInPlace(String op) {
        if (requiresGrad && GradMode.isEnabled())
            throw new IllegalStateException(op + ": a tensor that requires grad cannot be modified in place while grad mode is on;"
                    + " wrap the update in GradMode.noGrad()");
    }

    // ---------------------------------------------------------------- elementwise

    public Tensor add(Tensor other) { return Elementwise.add(this, other); }
    public Tensor add(double value) { return Elementwise.add(this, Elementwise.scalarFor(this, value)); }
    public Tensor sub(Tensor other) { return Elementwise.sub(this, other); }
    public Tensor sub(double value) { return Elementwise.sub(this, Elementwise.scalarFor(this, value)); }
    /** value - this. */
    public Tensor rsub(double value) { return Elementwise.sub(Elementwise.scalarFor(this, value), this); }
    public Tensor mul(Tensor other) { return Elementwise.mul(this, other); }
    public Tensor mul(double value) { return Elementwise.mul(this, Elementwise.scalarFor(this, value)); }
    public Tensor div(Tensor other) { return Elementwise.div(this, other); }
    public Tensor div(double value) { return Elementwise.div(this, Elementwise.scalarFor(this, value)); }
    public Tensor pow(Tensor exponent) { return Elementwise.pow(this, exponent); }
    public Tensor pow(double exponent) { return Elementwise.pow(this, exponent); }
    public Tensor neg() { return Elementwise.neg(this); }
    public Tensor exp() { return Elementwise.exp(this); }
    public Tensor log() { return Elementwise.log(this); }
    public Tensor sqrt() { return Elementwise.sqrt(this); }
    public Tensor square() { return Elementwise.mul(this, this); }
    public Tensor reciprocal() { return Elementwise.div(Elementwise.scalarFor(this, 1), this); }
    public Tensor abs() { return Elementwise.abs(this); }
    public Tensor sign() { return Elementwise.sign(this); }
    public Tensor sin() { return Elementwise.sin(this); }
    public Tensor cos() { return Elementwise.cos(this); }
    public Tensor floor() { return Elementwise.floor(this); }
    public Tensor ceil() { return Elementwise.ceil(this); }
    public Tensor relu() { return Elementwise.relu(this); }
    public Tensor sigmoid() { return Elementwise.sigmoid(this); }
    public Tensor tanh() { return Elementwise.tanh(this); }
    public Tensor clamp(double min, double max) { return Elementwise.clamp(this, min, max); }
    public Tensor clampMin(double min) { return Elementwise.clamp(this, min, Double.NaN); }
    public Tensor clampMax(double max) { return Elementwise.clamp(this, Double.NaN, max); }
    public Tensor maximum(Tensor other) { return Elementwise.maximum(this, other); }
    public Tensor minimum(Tensor other) { return Elementwise.minimum(this, other); }
    public Tensor eq(Tensor other) { return Elementwise.compare(BinaryOp.EQ, this, other); }
    public Tensor eq(double v) { return eq(Elementwise.scalarFor(this, v)); }
    public Tensor ne(Tensor other) { return Elementwise.compare(BinaryOp.NE, this, other); }
    public Tensor ne(double v) { return ne(Elementwise.scalarFor(this, v)); }
    public Tensor lt(Tensor other) { return Elementwise.compare(BinaryOp.LT, this, other); }
    public Tensor lt(double v) { return lt(Elementwise.scalarFor(this, v)); }
    public Tensor le(Tensor other) { return Elementwise.compare(BinaryOp.LE, this, other); }
    public Tensor le(double v) { return le(Elementwise.scalarFor(this, v)); }
    public Tensor gt(Tensor other) { return Elementwise.compare(BinaryOp.GT, this, other); }
    public Tensor gt(double v) { return gt(Elementwise.scalarFor(this, v)); }
    public Tensor ge(Tensor other) { return Elementwise.compare(BinaryOp.GE, this, other); }
    public Tensor ge(double v) { return ge(Elementwise.scalarFor(this, v)); }

    /** cond != 0 ? a : b, elementwise with broadcasting (torch.where). */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) { return Elementwise.where(cond, a, b); }

    /** Converts the dtype; between floating types the gradient flows back. */
    public Tensor to(DType dtype) { return Elementwise.cast(this, dtype); }

    // ---------------------------------------------------------------- reductions

    public Tensor sum() { return Reductions.sum(this, new int[0], false); }
    public Tensor sum(int... dims) { return Reductions.sum(this, dims, false); }
    public Tensor sum(int[] dims, boolean keepdim) { return Reductions.sum(this, dims, keepdim); }
    public Tensor sum(int dim, boolean keepdim) { return Reductions.sum(this, new int[] {dim}, keepdim); }
    public Tensor mean() { return Reductions.mean(this, new int[0], false); }
    public Tensor mean(int... dims) { return Reductions.mean(this, dims, false); }
    public Tensor mean(int[] dims, boolean keepdim) { return Reductions.mean(this, dims, keepdim); }
    public Tensor mean(int dim, boolean keepdim) { return Reductions.mean(this, new int[] {dim}, keepdim); }
    /** Variance with Bessel's correction (correction 1), like torch.var. */
    public Tensor var() { return Reductions.var(this, new int[0], 1, false); }
    public Tensor var(int[] dims, int correction, boolean keepdim) { return Reductions.var(this, dims, correction, keepdim); }
    public Tensor std() { return Reductions.var(this, new int[0], 1, false).sqrt(); }
    public Tensor std(int[] dims, int correction, boolean keepdim) { return Reductions.var(this, dims, correction, keepdim).sqrt(); }
    /** Largest element (gradient split evenly between ties). */
    public Tensor max() { return Reductions.amax(this, new int[0], false, ReduceOp.MAX); }
    public Tensor min() { return Reductions.amax(this, new int[0], false, ReduceOp.MIN); }
    public Tensor amax(int[] dims, boolean keepdim) { return Reductions.amax(this, dims, keepdim, ReduceOp.MAX); }
    public Tensor amin(int[] dims, boolean keepdim) { return Reductions.amax(this, dims, keepdim, ReduceOp.MIN); }
    /** Maximum along dim with the index where it occurs (gradient flows to that index). */
    public ValuesIndices max(int dim, boolean keepdim) { return Reductions.maxWithIndices(this, dim, keepdim, ReduceOp.MAX); }
    public ValuesIndices min(int dim, boolean keepdim) { return Reductions.maxWithIndices(this, dim, keepdim, ReduceOp.MIN); }
    /** Index of the largest element of the flattened tensor. */
    public Tensor argmax() { return Reductions.argReduce(reshape(-1), 0, false, ReduceOp.MAX); }
    public Tensor argmax(int dim, boolean keepdim) { return Reductions.argReduce(this, dim, keepdim, ReduceOp.MAX); }
    public Tensor argmin() { return Reductions.argReduce(reshape(-1), 0, false, ReduceOp.MIN); }
    public Tensor argmin(int dim, boolean keepdim) { return Reductions.argReduce(this, dim, keepdim, ReduceOp.MIN); }
    public Tensor logsumexp(int[] dims, boolean keepdim) { return Reductions.logsumexp(this, dims, keepdim); }
    public Tensor logsumexp(int dim) { return Reductions.logsumexp(this, new int[] {dim}, false); }
    /** Sums broadcast dims away so the result has the given shape (the adjoint of expand). */
    public Tensor sumTo(int... shape) { return Reductions.sumTo(this, shape); }

    public Tensor softmax(int dim) { return Softmax.softmax(this, dim); }
    public Tensor logSoftmax(int dim) { return Softmax.logSoftmax(this, dim); }

    // ---------------------------------------------------------------- views and shape

    /** Same data, new shape; fails when the strides do not allow it (use reshape). One size may be -1. */
    public Tensor view(int... shape) { return Views.view(this, shape); }
    /** view() when possible, otherwise a contiguous copy. */
    public Tensor reshape(int... shape) { return Views.reshape(this, shape); }
    public Tensor flatten() { return Views.flatten(this, 0, -1); }
    public Tensor flatten(int startDim, int endDim) { return Views.flatten(this, startDim, endDim); }
    public Tensor permute(int... dims) { return Views.permute(this, dims); }
    public Tensor transpose(int dim0, int dim1) { return Views.transpose(this, dim0, dim1); }
    /** Transpose of a matrix (rank 2 or less). */
    public Tensor t() {
        if (dim() > 2) throw new IllegalArgumentException("t: expects a tensor with at most 2 dims, got shape " + Shape.str(layout.shape()));
        return dim() < 2 ? this : transpose(0, 1);
    }
    /** Elements start..start+length-1 along dim, as a view. */
    public Tensor narrow(int dim, int start, int length) { return Views.narrow(this, dim, start, length); }
    /** Elements start, start+step, ... below end along dim (Python's x[start:end:step]), as a view. */
    public Tensor slice(int dim, int start, int end, int step) { return Views.slice(this, dim, start, end, step); }
    /** The sub-tensor at index along dim, with dim removed (x[i] for dim 0). */
    public Tensor select(int dim, int index) { return Views.select(this, dim, index); }
    /** Broadcasts size-1 dims (and new leading dims) to the given sizes without copying; -1 keeps a size. */
    public Tensor expand(int... shape) { return Views.expand(this, shape); }
    public Tensor expandAs(Tensor other) { return Views.expand(this, other.shape()); }
    public Tensor squeeze() { return Views.squeeze(this, null); }
    public Tensor squeeze(int dim) { return Views.squeeze(this, dim); }
    public Tensor unsqueeze(int dim) { return Views.unsqueeze(this, dim); }
    /** This tensor if already contiguous, otherwise a contiguous copy. */
    public Tensor contiguous() { return Views.contiguous(this); }

    // ---------------------------------------------------------------- linear algebra

    /** Matrix product with torch.matmul's rules: 1-d vectors, batched and broadcast batch dims. */
    public Tensor matmul(Tensor other) { return LinAlg.matmul(this, other); }
    /** bias + a x b with the product accumulated onto the (broadcast) bias in one pass, like torch.addmm. */
    public static Tensor addmm(Tensor bias, Tensor a, Tensor b) { return LinAlg.addmm(bias, a, b); }
    /** Batched product of [B, M, K] and [B, K, N]. */
    public Tensor bmm(Tensor other) { return LinAlg.bmm(this, other); }

    // ---------------------------------------------------------------- joining and splitting

    public static Tensor cat(List<Tensor> tensors, int dim) { return Joining.cat(tensors, dim); }
    public static Tensor stack(List<Tensor> tensors, int dim) { return Joining.stack(tensors, dim); }
    /** Pieces of splitSize along dim (the last may be smaller). */
    public List<Tensor> split(int splitSize, int dim) { return Joining.split(this, splitSize, dim); }
    public List<Tensor> split(int[] sizes, int dim) { return Joining.split(this, sizes, dim); }
    public List<Tensor> chunk(int chunks, int dim) { return Joining.chunk(this, chunks, dim); }
    /** Constant padding; pads = (left, right) for the last dim, then the dim before, like torch.nn.functional.pad. */
    public Tensor pad(int[] pads, double value) { return Joining.pad(this, pads, value); }

    // ---------------------------------------------------------------- indexing

    public Tensor gather(int dim, Tensor index) { return Indexing.gather(this, dim, index); }
    /** A copy of this with src added at the positions index names along dim. */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) { return Indexing.scatterAdd(this, dim, index, src); }
    public Tensor indexSelect(int dim, Tensor index) { return Indexing.indexSelect(this, dim, index); }
    /** One-hot int64 encoding of class indices, with a new last dim of numClasses. */
    public Tensor oneHot(int numClasses) { return Indexing.oneHot(this, numClasses); }

    // ---------------------------------------------------------------- sorting, scans, masking, einsum, norms, sampling
    // (PyTorch's signatures and defaults; dims may be negative)

    /** Sorted along the last dim, ascending and stable, with the int64 positions the values came from. */
    public ValuesIndices sort() { return Sorting.sort(this, -1, false); }
    /** Stable sort along dim (ties keep their order); NaN sorts above every number, as in PyTorch. */
    public ValuesIndices sort(int dim, boolean descending) { return Sorting.sort(this, dim, descending); }
    /** The int64 positions that sort the last dim, ascending and stable. */
    public Tensor argsort() { return Sorting.argsort(this, -1, false); }
    public Tensor argsort(int dim, boolean descending) { return Sorting.argsort(this, dim, descending); }
    /** The k largest elements along the last dim, largest first, with their int64 indices. */
    public ValuesIndices topk(int k) { return Sorting.topk(this, k, -1, true); }
    public ValuesIndices topk(int k, int dim) { return Sorting.topk(this, k, dim, true); }
    /**
     * The k largest (or smallest) elements along dim with their int64 indices; ties come in index order. The result
     * is always sorted, so sorted=false (where PyTorch's order is unspecified) gives the same result.
     */
    public ValuesIndices topk(int k, int dim, boolean largest, boolean sorted) { return Sorting.topk(this, k, dim, largest); }

    /** Running sums along dim; integer inputs give int64. */
    public Tensor cumsum(int dim) { return Scans.cumsum(this, dim); }
    /** Running products along dim; integer inputs give int64. */
    public Tensor cumprod(int dim) { return Scans.cumprod(this, dim); }

    /** A copy with the elements reversed along each of dims. */
    public Tensor flip(int... dims) { return Views.flip(this, dims); }
    /** This tensor tiled repeats[i] times along dim i (extra leading counts add dims), like torch.Tensor.repeat. */
    public Tensor repeat(int... repeats) { return Joining.repeat(this, repeats); }
    /** The main diagonal of dims 0 and 1 as a view (torch.diagonal's defaults). */
    public Tensor diagonal() { return Views.diagonal(this, 0, 0, 1); }
    /** The diagonal (i, i + offset) of dim1 and dim2, as a new last dim of a view. */
    public Tensor diagonal(int offset, int dim1, int dim2) { return Views.diagonal(this, offset, dim1, dim2); }

    /** A copy with src written at the positions index names along dim (torch.scatter). */
    public Tensor scatter(int dim, Tensor index, Tensor src) { return Indexing.scatter(this, dim, index, src); }
    public Tensor scatter(int dim, Tensor index, double value) { return Indexing.scatter(this, dim, index, value); }

    /** cond != 0 ? a : b with b a number (in a's dtype unless a is integral and b is not). */
    public static Tensor where(Tensor cond, Tensor a, double b) { return Elementwise.where(cond, a, Elementwise.scalarFor(a, b)); }
    public static Tensor where(Tensor cond, double a, Tensor b) { return Elementwise.where(cond, Elementwise.scalarFor(b, a), b); }
    /** value where mask is non-zero, this elsewhere (value cast to this dtype; mask and this broadcast together). */
    public Tensor maskedFill(Tensor mask, double value) { return Masking.maskedFill(this, mask, Tensor.scalar(value, dtype())); }
    /** Like {@link #maskedFill(Tensor, double)} with a 0-d value, which receives the gradient of the filled places. */
    public Tensor maskedFill(Tensor mask, Tensor value) { return Masking.maskedFill(this, mask, value); }
    /** The upper triangle of the last two dims (column - row >= diagonal), zeros elsewhere. */
    public Tensor triu() { return Masking.triu(this, 0); }
    public Tensor triu(int diagonal) { return Masking.triu(this, diagonal); }
    /** The lower triangle of the last two dims (column - row <= diagonal), zeros elsewhere. */
    public Tensor tril() { return Masking.tril(this, 0); }
    public Tensor tril(int diagonal) { return Masking.tril(this, diagonal); }

    /**
     * Einstein summation (torch.einsum), e.g. {@code einsum("bhqd,bhkd->bhqk", q, k)}: subscripts are letters, "..."
     * stands for unnamed leading dims, without "->" the output is the subscripts used once, in alphabetical order.
     */
    public static Tensor einsum(String equation, Tensor... operands) { return Contraction.einsum(equation, operands); }

    /** The Euclidean (Frobenius) norm of all elements. */
    public Tensor norm() { return Reductions.norm(this, 2, new int[0], false); }
    /** The p-norm of all elements: p = 1, 2, Double.POSITIVE_INFINITY, NEGATIVE_INFINITY, 0 or any other number. */
    public Tensor norm(double p) { return Reductions.norm(this, p, new int[0], false); }
    public Tensor norm(double p, int dim, boolean keepdim) { return Reductions.norm(this, p, new int[] {dim}, keepdim); }
    /** The p-norm over dims (all when empty); at a zero norm the gradient is 0, as in PyTorch. */
    public Tensor norm(double p, int[] dims, boolean keepdim) { return Reductions.norm(this, p, dims, keepdim); }
    /** norm("fro", dims, keepdim): the 2-norm over at most two dims (all when empty), as torch.norm accepts it. */
    public Tensor norm(String p, int[] dims, boolean keepdim) { return Reductions.norm(this, p, dims, keepdim); }
    public Tensor logsumexp(int dim, boolean keepdim) { return Reductions.logsumexp(this, new int[] {dim}, keepdim); }

    /** numSamples category indices (int64) per row of non-negative weights, from the global generator. */
    public Tensor multinomial(int numSamples, boolean replacement) { return Sampling.multinomial(this, numSamples, replacement, Generator.global()); }
    /** numSamples category indices (int64) per row (1-d or 2-d) of non-negative weights, which need not sum to 1. */
    public Tensor multinomial(int numSamples, boolean replacement, Generator gen) { return Sampling.multinomial(this, numSamples, replacement, gen); }
    /** 1 with the probability each element gives, else 0, in this dtype (torch.bernoulli(input)); global generator. */
    public Tensor bernoulli() { return Sampling.bernoulli(this, Generator.global()); }
    public Tensor bernoulli(Generator gen) { return Sampling.bernoulli(this, gen); }
    /** 1 with probability p, else 0, in this shape and dtype (torch.bernoulli(input, p)); global generator. */
    public Tensor bernoulli(double p) { return Sampling.bernoulli(this, p, Generator.global()); }
    public Tensor bernoulli(double p, Generator gen) { return Sampling.bernoulli(this, p, gen); }

    // ---------------------------------------------------------------- printing

    @Override
    public String toString() { return TensorFormatter.format(this); }
}
