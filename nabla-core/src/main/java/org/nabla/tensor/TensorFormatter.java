package org.nabla.tensor;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints tensors the way PyTorch does: shared width, int/fixed/scientific mode, "..." past 1000 elements. */
final class TensorFormatter {
    private static final int PRECISION = 4, THRESHOLD = 1000, EDGE_ITEMS = 3, LINE_WIDTH = 80;

    private TensorFormatter() {}

    static String format(Tensor t) {
        StringBuilder sb = new StringBuilder("tensor(");
        int indent = sb.length();
        List<String> suffixes = new ArrayList<>();
        Tensor data = t.detach();
        if (data.numel() == 0) {
            sb.append("[]");
            if (data.dim() != 1) suffixes.add("size=(" + sizeTuple(data.shape()) + ")");
        } else {
            boolean summarize = data.numel() > THRESHOLD;
            Formatter f = new Formatter(data.dtype().isFloating(), summarize ? edgeValues(data) : data.toDoubleArray());
            sb.append(body(data, indent, summarize, f));
        }
        // int64 values show they are integers, except in an empty tensor, which has none to show.
        if (t.dtype() != DType.FLOAT32 && (t.dtype() != DType.INT64 || data.numel() == 0)) suffixes.add("dtype=" + t.dtype());
        if (t.gradFn() != null) suffixes.add("grad_fn=" + t.gradFn());
        else if (t.requiresGrad()) suffixes.add("requires_grad=True");
        // A suffix that would pass the line width starts a new line. Like PyTorch, count the last line as 2
        // longer than it is, so lines break where PyTorch breaks them.
        int lastLine = sb.length() - sb.lastIndexOf("\n") + 1;
        for (String s : suffixes) {
            if (lastLine + s.length() + 2 > LINE_WIDTH) {
                sb.append(",\n").append(" ".repeat(indent)).append(s);
                lastLine = indent + s.length();
            } else {
                sb.append(", ").append(s);
                lastLine += s.length() + 2;
            }
        }
        return sb.append(')').toString();
    }

    private static String sizeTuple(int[] shape) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shape.length; i++) sb.append(i > 0 ? ", " : "").append(shape[i]);
        if (shape.length == 1) sb.append(',');
        return sb.toString();
    }

    private static String body(Tensor t, int indent, boolean summarize, Formatter f) {
        int dim = t.dim();
        if (dim == 0) return f.format(t.item());
        int n = t.size(0);
        List<String> parts = new ArrayList<>();
        if (dim == 1) {
            double[] v = t.toDoubleArray();
            if (summarize && n > 2 * EDGE_ITEMS) {
                for (int i = 0; i < EDGE_ITEMS; i++) parts.add(f.format(v[i]));
                parts.add(" ...");
                for (int i = n - EDGE_ITEMS; i < n; i++) parts.add(f.format(v[i]));
            } else {
                for (double x : v) parts.add(f.format(x));
            }
            int perLine = Math.max(1, (LINE_WIDTH - indent) / (f.width + 2));
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < parts.size(); i += perLine) lines.add(String.join(", ", parts.subList(i, Math.min(parts.size(), i + perLine))));
            return "[" + String.join(",\n" + " ".repeat(indent + 1), lines) + "]";
        }
        if (summarize && n > 2 * EDGE_ITEMS) {
            for (int i = 0; i < EDGE_ITEMS; i++) parts.add(body(t.select(0, i), indent + 1, summarize, f));
            parts.add("...");
            for (int i = n - EDGE_ITEMS; i < n; i++) parts.add(body(t.select(0, i), indent + 1, summarize, f));
        } else {
            for (int i = 0; i < n; i++) parts.add(body(t.select(0, i), indent + 1, summarize, f));
        }
        return "[" + String.join("," + "\n".repeat(dim - 1) + " ".repeat(indent + 1), parts) + "]";
    }

    /** The values that a summarized print shows (the first and last EDGE_ITEMS along every dim). */
    private static double[] edgeValues(Tensor t) {
        List<Double> out = new ArrayList<>();
        collectEdges(t, out);
        double[] v = new double[out.size()];
        for (int i = 0; i < v.length; i++) v[i] = out.get(i);
        return v;
    }

    private static void collectEdges(Tensor t, List<Double> out) {
        if (t.dim() == 0) {
            out.add(t.item());
            return;
        }
        int n = t.size(0);
        for (int i = 0; i < n; i++) {
            if (n > 2 * EDGE_ITEMS && i == EDGE_ITEMS) i = n - EDGE_ITEMS;
            collectEdges(t.select(0, i), out);
        }
    }

    /** PyTorch's _Formatter: picks int, fixed or scientific mode and one width for all values. */
    private static final class Formatter {
        final boolean floating;
        boolean intMode = true, sciMode = false;
        int width = 1;

        Formatter(boolean floating, double[] values) {
            this.floating = floating;
            if (!floating) {
                for (double v : values) width = Math.max(width, Long.toString((long) v).length());
                return;
            }
            double min = Double.POSITIVE_INFINITY, max = 0;
            int count = 0;
            for (double v : values) {
                if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) continue;
                count++;
                min = Math.min(min, Math.abs(v));
                max = Math.max(max, Math.abs(v));
                if (v != Math.ceil(v)) intMode = false;
            }
            if (count == 0) return;
            if (intMode) {
                sciMode = max / min > 1000.0 || max > 1.0e8;
            } else {
                sciMode = max / min > 1000.0 || max > 1.0e8 || min < 1.0e-4;
            }
            for (double v : values) {
                if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) continue;
                String s = sciMode ? sci(v) : intMode ? String.format(Locale.ROOT, "%.0f", v) + "." : fixed(v);
                width = Math.max(width, s.length());
            }
        }

        String format(double v) {
            String s;
            if (!floating) s = Long.toString((long) v);
            else if (Double.isNaN(v)) s = "nan";
            else if (Double.isInfinite(v)) s = v > 0 ? "inf" : "-inf";
            else if (sciMode) s = sci(v);
            else if (intMode) s = String.format(Locale.ROOT, "%.0f", v) + ".";
            else s = fixed(v);
            return " ".repeat(Math.max(0, width - s.length())) + s;
        }

        // Python's '{:.4f}' and '{:.4e}' round the exact binary value half to even (0.03125 -> 0.0312), whereas
        // Java's %f and %e round the shortest decimal half up (0.0313); BigDecimal rounds like Python.
        private static String fixed(double v) {
            return withSign(v, String.format(Locale.ROOT, "%." + PRECISION + "f", new BigDecimal(v).setScale(PRECISION, RoundingMode.HALF_EVEN)));
        }

        private static String sci(double v) {
            return withSign(v, String.format(Locale.ROOT, "%." + PRECISION + "e", new BigDecimal(v).round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN))));
        }

        /** BigDecimal has no negative zero: -0.0, and negatives that round to zero, keep their '-' as in Python. */
        private static String withSign(double v, String s) { return Math.copySign(1, v) < 0 && !s.startsWith("-") ? "-" + s : s; }
    }
}
