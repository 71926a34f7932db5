package org.nabla.tensor;

import java.util.ArrayList;
import java.util.List;
import org.nabla.autograd.GradFn;
import org.nabla.autograd.Node;

/** cat, stack, split, chunk, repeat and constant padding. */
final class Joining {
    private Joining() {}

    static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("cat: expected a non-empty list of tensors");
        Tensor first = tensors.get(0);
        if (first.dim() == 0) throw new IllegalArgumentException("cat: zero-dimensional tensors cannot be concatenated; use stack");
        int d = Shape.normalizeDim("cat", dim, first.dim());
        int[] shape = first.shape();
        DType type = first.dtype();
        int total = 0;
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            int[] s = t.shape();
            boolean ok = s.length == shape.length;
            for (int j = 0; ok && j < s.length; j++) ok = j == d || s[j] == shape[j];
            if (!ok)
                throw new IllegalArgumentException("cat: sizes of tensors must match except in dim " + d + "; tensor " + i
                        + " has shape " + Shape.str(s) + " but tensor 0 has shape " + Shape.str(shape));
            total += s[d];
            type = DType.promote(type, t.dtype());
        }
        shape[d] = total;
        Tensor out = Tensor.zeros(type, shape);
        Tensor[] inputs = tensors.toArray(new Tensor[0]);
        GradFn[] rules = new GradFn[inputs.length];
        int offset = 0;
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            int start = offset, length = t.shape()[d];
            Tensor.backend().copyInto(t.storage(), t.layout(), out.storage(), out.layout().slice(d, start, length, 1));
            rules[i] = g -> g.narrow(d, start, length);
            offset += length;
        }
        return Node.record(out, "Cat", inputs, rules);
    }

    static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) throw new IllegalArgumentException("stack: expected a non-empty list of tensors");
        int[] shape = tensors.get(0).shape();
        int d = Shape.normalizeNewDim("stack", dim, shape.length);
        List<Tensor> parts = new ArrayList<>(tensors.size());
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            if (!java.util.Arrays.equals(t.shape(), shape))
                throw new IllegalArgumentException("stack: expects each tensor to be of equal size, but tensor 0 has shape "
                        + Shape.str(shape) + " and tensor " + i + " has shape " + Shape.str(t.shape()));
            parts.add(t.unsqueeze(d));
        }
        return cat(parts, d);
    }

    static List<Tensor> split(Tensor x, int splitSize, int dim) {
        if (splitSize <= 0) throw new IllegalArgumentException("split: split size must be positive, got " + splitSize);
        if (x.dim() == 0) throw new IllegalArgumentException("split: cannot split a 0-d tensor");
        int d = Shape.normalizeDim("split", dim, x.dim());
        int size = x.shape()[d];
        List<Tensor> out = new ArrayList<>();
        for (int start = 0; start < size; start += splitSize) out.add(x.narrow(d, start, Math.min(splitSize, size - start)));
        if (size == 0) out.add(x);
        return out;
    }

    static List<Tensor> split(Tensor x, int[] sizes, int dim) {
        if (x.dim() == 0) throw new IllegalArgumentException("split: cannot split a 0-d tensor");
        int d = Shape.normalizeDim("split", dim, x.dim());
        int size = x.shape()[d], sum = 0;
        for (int s : sizes) {
            if (s < 0) throw new IllegalArgumentException("split: sizes " + Shape.str(sizes) + " must be non-negative");
            sum += s;
        }
        if (sum != size)
            throw new IllegalArgumentException("split: sizes " + Shape.str(sizes) + " sum to " + sum + " but dim " + d + " has size " + size);
        List<Tensor> out = new ArrayList<>();
        int start = 0;
        for (int s : sizes) {
            out.add(x.narrow(d, start, s));
            start += s;
        }
        return out;
    }

    static List<Tensor> chunk(Tensor x, int chunks, int dim) {
        if (chunks <= 0) throw new IllegalArgumentException("chunk: number of chunks must be positive, got " + chunks);
        if (x.dim() == 0) throw new IllegalArgumentException("chunk: cannot chunk a 0-d tensor");
        int d = Shape.normalizeDim("chunk", dim, x.dim());
        int size = x.shape()[d];
        // An empty dim gives `chunks` empty pieces, like torch.chunk.
        if (size == 0) return split(x, new int[chunks], d);
        return split(x, (size + chunks - 1) / chunks, d);
    }

    /**
     * torch.Tensor.repeat: x tiled repeats[i] times along dim i; extra leading counts add new dims. A copy, made as
     * x viewed [1, s0, 1, s1, ...], expanded to [r0, s0, r1, s1, ...] and flattened pairwise to [r0*s0, r1*s1, ...].
     */
    static Tensor repeat(Tensor x, int[] repeats) {
        if (repeats.length < x.dim())
            throw new IllegalArgumentException("repeat: " + repeats.length + " repeat counts " + Shape.str(repeats) + " for a tensor of rank "
                    + x.dim() + " (shape " + Shape.str(x.shape()) + "); give at least one count per dim");
        int n = repeats.length, lead = n - x.dim();
        int[] pairs = new int[2 * n], tiled = new int[2 * n], out = new int[n];
        for (int i = 0; i < n; i++) {
            int r = repeats[i], size = i < lead ? 1 : x.shape()[i - lead];
            if (r < 0) throw new IllegalArgumentException("repeat: negative repeat count " + r + " in " + Shape.str(repeats));
            pairs[2 * i] = 1;
            pairs[2 * i + 1] = size;
            tiled[2 * i] = r;
            tiled[2 * i + 1] = size;
            out[i] = r * size;
        }
        Tensor expanded = x.reshape(pairs).expand(tiled);
        // contiguous() copies a broadcast view; with every count 1 the view is already contiguous and is copied here.
        return (expanded.isContiguous() ? expanded.copy() : expanded.contiguous()).view(out);
    }

    /** pads = (left, right) of the last dim, then of the dim before it, and so on. */
    static Tensor pad(Tensor x, int[] pads, double value) {
        if (pads.length % 2 != 0 || pads.length / 2 > x.dim())
            throw new IllegalArgumentException("pad: padding " + Shape.str(pads) + " must have an even length of at most twice the rank "
                    + x.dim() + " (shape " + Shape.str(x.shape()) + ")");
        int[] shape = x.shape();
        int[] before = new int[shape.length];
        for (int i = 0; i < pads.length / 2; i++) {
            int d = shape.length - 1 - i;
            if (pads[2 * i] < 0 || pads[2 * i + 1] < 0)
                throw new IllegalArgumentException("pad: negative padding " + Shape.str(pads) + " is not supported; use narrow to crop");
            before[d] = pads[2 * i];
            shape[d] += pads[2 * i] + pads[2 * i + 1];
        }
        Tensor out = Tensor.full(value, x.dtype(), shape);
        Layout region = out.layout();
        for (int d = 0; d < shape.length; d++) region = region.slice(d, before[d], x.shape()[d], 1);
        Tensor.backend().copyInto(x.storage(), x.layout(), out.storage(), region);
        int[] xs = x.shape();
        return Node.record(out, "ConstantPad", x, g -> {
            Tensor r = g;
            for (int d = 0; d < xs.length; d++) if (before[d] != 0 || xs[d] != g.shape()[d]) r = r.narrow(d, before[d], xs[d]);
            return r;
        });
    }
}
