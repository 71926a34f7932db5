package org.nabla.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nabla.tensor.DType;
import org.nabla.tensor.Tensor;

/**
 * Samples held as tensors, as PyTorch's {@code TensorDataset}: inputs and targets of any dtype that share their first
 * dimension, the sample index. Batches gather rows of every tensor at once ({@code indexSelect}), so a sample may
 * carry several inputs (e.g. a sequence and its mask) and several targets (e.g. a class and a box).
 *
 * <pre>{@code
 * Dataset d = new TensorDataset(List.of(x), List.of(y));      // x [N, 3] float32, y [N] float32: regression
 * }</pre>
 */
public final class TensorDataset implements Dataset {
    private final String name;
    private final List<Tensor> inputs, targets;
    private final int size;

    /** The tensors are detached and made contiguous; each needs at least one dimension, the same first one. */
    public TensorDataset(String name, List<Tensor> inputs, List<Tensor> targets) {
        this.name = name;
        if (inputs.isEmpty()) throw new IllegalArgumentException(name + ": a TensorDataset needs at least one input tensor");
        this.inputs = prepare(name, "input", inputs);
        this.targets = prepare(name, "target", targets);
        size = this.inputs.get(0).size(0);
        for (Tensor t : all())
            if (t.size(0) != size)
                throw new IllegalArgumentException(name + ": every tensor needs the same first dimension (the sample index), got "
                        + shapes(this.inputs) + " inputs and " + shapes(this.targets) + " targets");
    }

    public TensorDataset(List<Tensor> inputs, List<Tensor> targets) { this("TensorDataset", inputs, targets); }

    /** One input and one target. */
    public TensorDataset(Tensor x, Tensor y) { this(List.of(x), List.of(y)); }

    private static List<Tensor> prepare(String name, String what, List<Tensor> tensors) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor t : tensors) {
            if (t.dim() == 0) throw new IllegalArgumentException(name + ": " + what + " " + out.size() + " is 0-d; samples run along dim 0");
            out.add(t.detach().contiguous());
        }
        return List.copyOf(out);
    }

    private List<Tensor> all() {
        List<Tensor> all = new ArrayList<>(inputs);
        all.addAll(targets);
        return all;
    }

    private static String shapes(List<Tensor> ts) { return ts.stream().map(t -> Arrays.toString(t.shape())).toList().toString(); }

    @Override public int size() { return size; }

    @Override public int[] sampleShape() { return rowShape(inputs.get(0)); }

    @Override public int[] targetShape() { return targets.isEmpty() ? new int[0] : rowShape(targets.get(0)); }

    @Override public DType featureType() { return inputs.get(0).dtype(); }

    @Override public DType targetType() { return targets.isEmpty() ? DType.INT64 : targets.get(0).dtype(); }

    @Override public List<Field> inputs() { return fields("x", inputs); }

    @Override public List<Field> targets() { return fields("y", targets); }

    private static List<Field> fields(String prefix, List<Tensor> ts) {
        List<Field> out = new ArrayList<>();
        for (int i = 0; i < ts.size(); i++) out.add(new Field(prefix + i, ts.get(i).dtype(), rowShape(ts.get(i))));
        return out;
    }

    private static int[] rowShape(Tensor t) { return Arrays.copyOfRange(t.shape(), 1, t.dim()); }

    @Override
    public Batch batch(int[] indices) {
        for (int i : indices) Datasets.checkIndex(this, i);
        Tensor index = Tensor.of(indices, indices.length);
        return new Batch(inputs.stream().map(t -> t.indexSelect(0, index)).toList(), targets.stream().map(t -> t.indexSelect(0, index)).toList());
    }

    @Override
    public void copyFeatures(int index, float[] dst, int offset) { copyRow(inputs.get(0), index, dst, offset); }

    @Override
    public void copyFeatures(int index, long[] dst, int offset) { copyRow(inputs.get(0), index, dst, offset); }

    @Override
    public void copyTarget(int index, float[] dst, int offset) { copyRow(target(), index, dst, offset); }

    @Override
    public void copyTarget(int index, long[] dst, int offset) { copyRow(target(), index, dst, offset); }

    @Override
    public long label(int index) {
        Tensor y = target();
        if (y.dim() != 1 || y.dtype().isFloating())
            throw new UnsupportedOperationException(name + " has no class labels: its first target is " + y.dtype() + " " + Arrays.toString(y.shape()));
        return y.select(0, index).toLongArray()[0];
    }

    private Tensor target() {
        if (targets.isEmpty()) throw new UnsupportedOperationException(name + " has no targets");
        return targets.get(0);
    }

    /** Slow per-sample access (normalisers, splits); batches go through {@link #batch}. */
    private static void copyRow(Tensor t, int index, float[] dst, int offset) {
        float[] row = t.select(0, index).toFloatArray();
        System.arraycopy(row, 0, dst, offset, row.length);
    }

    private static void copyRow(Tensor t, int index, long[] dst, int offset) {
        long[] row = t.select(0, index).toLongArray();
        System.arraycopy(row, 0, dst, offset, row.length);
    }

    @Override public String toString() { return name + "(size=" + size + ", inputs=" + inputs() + ", targets=" + targets() + ")"; }
}
