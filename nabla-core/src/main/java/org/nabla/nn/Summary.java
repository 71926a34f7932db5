package org.nabla.nn;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nabla.autograd.GradMode;
import org.nabla.tensor.DType;
import org.nabla.tensor.Tensor;

/**
 * A model summary: one row per call of a layer (a module without children, or one with parameters of its own),
 * in call order, with its dotted name, type, output shapes, parameter count and multiply-adds, and the totals.
 * Made by one forward pass under no-grad, in eval mode (so batch norm's running statistics are untouched; each
 * module's mode is restored afterwards), with a forward hook on every layer. Modules with several inputs or
 * outputs are summarised through {@link #of(Module, Runnable)}; an output's shapes are those of the tensors it
 * holds: a tensor, a record, list, array or map of them, nested.
 *
 * <p>Multiply-adds: Linear (and DropConnect) in * out per output row; a convolution out elements * in/groups * kernel
 * area; a transposed convolution input elements * out/groups * kernel area; other layers 0 (bias additions,
 * activations, pooling and normalisation are not multiply-adds of weights).
 *
 * @param rows          the layer calls in order
 * @param totalParams   the model's parameters, each shared one once
 * @param trainableParams those that require grad
 * @param totalMacs     the multiply-adds of all rows
 */
public record Summary(List<Row> rows, long totalParams, long trainableParams, long totalMacs) {

    /**
     * One layer call; params counts the layer's own parameters (again if it is called again); outputShapes the
     * shapes of the tensors in its output, in order.
     */
    public record Row(String name, String type, List<int[]> outputShapes, long params, long macs) {
        public Row {
            outputShapes = outputShapes.stream().map(int[]::clone).toList();
        }

        @Override
        public List<int[]> outputShapes() { return outputShapes.stream().map(int[]::clone).toList(); }

        /** The first output tensor's shape (the only one of a one-output layer); empty if it returned no tensor. */
        public int[] outputShape() { return outputShapes.isEmpty() ? new int[0] : outputShapes.get(0).clone(); }
    }

    public Summary {
        rows = List.copyOf(rows);
    }

    /** Summarises model on a float32 zero input of the given shape, batch dim included (e.g. 1, 1, 28, 28). */
    public static Summary of(Module model, int... inputShape) { return of(model, Tensor.zeros(DType.FLOAT32, inputShape)); }

    /** Summarises model on the given input (for inputs that zeros cannot stand for, such as token indices). */
    public static Summary of(Module model, Tensor input) { return of(model, () -> model.call(input)); }

    /**
     * Summarises model on the calls forwardPass makes, e.g. {@code () -> net.call(query, key)} for a module with
     * several inputs.
     */
    public static Summary of(Module model, Runnable forwardPass) {
        Map<Module, String> names = new IdentityHashMap<>();
        List<Module> preOrder = new ArrayList<>();
        model.namedModules().forEach((name, m) -> {
            if (names.putIfAbsent(m, name.isEmpty() ? m.name() : name) == null) preOrder.add(m);
        });
        boolean[] modes = new boolean[preOrder.size()];
        for (int i = 0; i < modes.length; i++) modes[i] = preOrder.get(i).isTraining();

        List<Row> rows = new ArrayList<>();
        List<AutoCloseable> hooks = new ArrayList<>();
        try (var s = GradMode.noGrad()) {
            for (Module m : preOrder) {
                if (!m.children().isEmpty() && m.ownParameters().isEmpty()) continue;
                hooks.add(m.registerForwardHook((mod, inputs, output) -> {
                    List<Tensor> outs = tensors(output, new ArrayList<>());
                    Tensor in = tensors(inputs, new ArrayList<>()).stream().findFirst().orElse(null);
                    rows.add(new Row(names.get(mod), mod.name(), outs.stream().map(Tensor::shape).toList(), count(mod.ownParameters().values()),
                            in == null || outs.isEmpty() ? 0 : macs(mod, in, outs.get(0))));
                }));
            }
            model.eval();
            forwardPass.run();
        } finally {
            for (AutoCloseable h : hooks) {
                try {
                    h.close();
                } catch (Exception e) {
                    throw new IllegalStateException("Summary: could not remove a forward hook", e);
                }
            }
            // Parents first: each module's train() sets its subtree, which its descendants then correct.
            for (int i = 0; i < modes.length; i++) preOrder.get(i).train(modes[i]);
        }
        long total = 0, trainable = 0, macs = 0;
        for (Parameter p : model.parameters()) {
            total += p.numel();
            if (p.requiresGrad()) trainable += p.numel();
        }
        for (Row r : rows) macs += r.macs();
        return new Summary(rows, total, trainable, macs);
    }

    /** The tensors in a value: itself, or those in a record's components, a collection, an array or a map's values, in order. */
    private static List<Tensor> tensors(Object value, List<Tensor> out) {
        switch (value) {
            case null -> { }
            case Tensor t -> out.add(t);
            case Record r -> {
                for (RecordComponent c : r.getClass().getRecordComponents()) {
                    try {
                        c.getAccessor().setAccessible(true);
                        tensors(c.getAccessor().invoke(r), out);
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        throw new IllegalStateException("Summary: cannot read component " + c.getName() + " of " + r.getClass().getSimpleName(), e);
                    }
                }
            }
            case Iterable<?> it -> it.forEach(v -> tensors(v, out));
            case Map<?, ?> m -> m.values().forEach(v -> tensors(v, out));
            case Object[] a -> { for (Object v : a) tensors(v, out); }
            default -> { }
        }
        return out;
    }

    private static long count(Collection<Parameter> ps) {
        long n = 0;
        for (Parameter p : ps) n += p.numel();
        return n;
    }

    private static long macs(Module m, Tensor in, Tensor out) {
        if (m instanceof Linear fc) return (long) out.numel() * fc.inFeatures();
        if (m instanceof DropConnect fc) return (long) out.numel() * fc.inFeatures();
        if (m instanceof ConvNd conv) {
            long area = 1;
            for (int k : conv.kernelSize()) area *= k;
            return conv.isTransposed()
                    ? (long) in.numel() * (conv.outChannels() / conv.groups()) * area
                    : (long) out.numel() * (conv.inChannels() / conv.groups()) * area;
        }
        return 0;
    }

    /** A table: name (type), output shape, parameters, multiply-adds; then the totals, each also as "(1.81 G)" from 1,000 on. */
    @Override
    public String toString() {
        String[] head = {"Layer (type)", "Output Shape", "Param #", "Mult-Adds"};
        List<String[]> cells = new ArrayList<>();
        for (Row r : rows) {
            String shapes = r.outputShapes().isEmpty() ? "-" : String.join(", ", r.outputShapes().stream().map(Arrays::toString).toList());
            cells.add(new String[] {r.name() + " (" + r.type() + ")", shapes, group(r.params()), group(r.macs())});
        }
        int[] width = new int[head.length];
        for (int c = 0; c < head.length; c++) {
            width[c] = head[c].length();
            for (String[] row : cells) width[c] = Math.max(width[c], row[c].length());
        }
        int lineLength = Arrays.stream(width).sum() + 2 * (head.length - 1);
        StringBuilder sb = new StringBuilder();
        line(sb, head, width);
        sb.append("=".repeat(lineLength)).append('\n');
        for (String[] row : cells) line(sb, row, width);
        sb.append("=".repeat(lineLength)).append('\n');
        sb.append("Total params: ").append(group(totalParams)).append(short3(totalParams)).append('\n');
        sb.append("Trainable params: ").append(group(trainableParams)).append(short3(trainableParams)).append('\n');
        sb.append("Non-trainable params: ").append(group(totalParams - trainableParams)).append(short3(totalParams - trainableParams)).append('\n');
        sb.append("Total mult-adds: ").append(group(totalMacs)).append(short3(totalMacs)).append('\n');
        return sb.toString();
    }

    /** Name and shape left-aligned, numbers right-aligned. */
    private static void line(StringBuilder sb, String[] cells, int[] width) {
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) sb.append("  ");
            String pad = " ".repeat(width[c] - cells[c].length());
            sb.append(c < 2 ? cells[c] + (c == cells.length - 1 ? "" : pad) : pad + cells[c]);
        }
        sb.append('\n');
    }

    private static String group(long n) { return String.format(Locale.ROOT, "%,d", n); }

    /** " (1.81 G)": the total to three significant digits with K, M, G, ... for 1,000 and more; "" below. */
    static String short3(long n) {
        if (n < 1000) return "";
        String[] units = {"K", "M", "G", "T", "P", "E"};
        double v = n;
        int u = -1;
        while (v >= 999.5 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, v >= 99.95 ? " (%.0f %s)" : v >= 9.995 ? " (%.1f %s)" : " (%.2f %s)", v, units[u]);
    }
}
