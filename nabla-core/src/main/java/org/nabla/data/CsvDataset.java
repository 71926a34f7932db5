package org.nabla.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.nabla.tensor.Tensor;

/**
 * A table of numeric features and one label column, read from a CSV file. Labels that are all integers
 * are used as class indices; labels that are all numbers, some not class indices (a fraction, a sign: 0.5, -3), are a regression target (one
 * float32 value per sample, {@link Table#regression()}); otherwise the distinct label strings, sorted, become
 * classes 0..k-1 ({@link Table#classNames()}). Bad lines are reported with the file name and line number.
 */
public final class CsvDataset {
    private CsvDataset() {}

    /**
     * How to read the file.
     *
     * @param header      whether the first line names the columns
     * @param labelColumn the label column's name (needs a header), or its 0-based index as a string; "-1" = last
     * @param delimiter   the field separator
     */
    public record Options(boolean header, String labelColumn, char delimiter) {
        public static Options defaults() { return new Options(true, "-1", ','); }
        public Options withHeader(boolean h) { return new Options(h, labelColumn, delimiter); }
        public Options withLabel(String column) { return new Options(header, column, delimiter); }
        public Options withLabel(int column) { return new Options(header, Integer.toString(column), delimiter); }
        public Options withDelimiter(char d) { return new Options(header, labelColumn, d); }
    }

    /**
     * The loaded table.
     *
     * @param dataset    features [d] and an int64 class or, for a regression table, a float32 value per sample
     * @param classNames the classes of string labels; empty for integer labels and for regression
     */
    public record Table(Dataset dataset, List<String> featureNames, List<String> classNames, boolean regression) {}

    public static Table load(Path file, Options options) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.toString(), options);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    static Table read(BufferedReader r, String name, Options o) throws IOException {
        String sep = java.util.regex.Pattern.quote(String.valueOf(o.delimiter()));
        List<String> names = null;
        int lineNumber = 0, columns = -1, labelCol = -1;
        String line;
        if (o.header()) {
            line = r.readLine();
            lineNumber++;
            if (line == null) throw new IllegalArgumentException(name + ": empty file, expected a header line");
            names = Arrays.stream(line.split(sep, -1)).map(String::strip).toList();
            columns = names.size();
            labelCol = resolveLabel(name, o.labelColumn(), names, columns);
        }
        List<float[]> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        while ((line = r.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) continue;
            String[] f = line.split(sep, -1);
            if (columns < 0) {
                columns = f.length;
                labelCol = resolveLabel(name, o.labelColumn(), null, columns);
            }
            if (f.length != columns)
                throw new IllegalArgumentException(name + " line " + lineNumber + ": expected " + columns + " fields, got " + f.length);
            float[] x = new float[columns - 1];
            for (int c = 0, j = 0; c < columns; c++) {
                if (c == labelCol) continue;
                String v = f[c].strip();
                try {
                    x[j++] = Float.parseFloat(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " line " + lineNumber + ": column " + (names != null ? "'" + names.get(c) + "'" : c)
                            + " value '" + v + "' is not a number");
                }
            }
            rows.add(x);
            labels.add(f[labelCol].strip());
        }
        if (rows.isEmpty()) throw new IllegalArgumentException(name + ": no data rows");
        int n = rows.size(), d = columns - 1;
        float[] features = new float[Math.multiplyExact(n, d)];
        for (int i = 0; i < n; i++) System.arraycopy(rows.get(i), 0, features, i * d, d);
        List<String> featureNames = new ArrayList<>();
        for (int c = 0; c < columns; c++) if (c != labelCol) featureNames.add(names != null ? names.get(c) : "x" + c);
        float[] values = realValues(labels);
        if (values != null) {
            Tensor x = Tensor.of(features, n, d), target = Tensor.of(values, n);
            return new Table(new TensorDataset(name, List.of(x), List.of(target)), List.copyOf(featureNames), List.of(), true);
        }
        long[] y = new long[n];
        List<String> classNames = List.of();
        boolean integers = labels.stream().allMatch(s -> s.matches("\\d{1,9}"));
        if (integers) {
            for (int i = 0; i < n; i++) y[i] = Long.parseLong(labels.get(i));
        } else {
            classNames = List.copyOf(new TreeSet<>(labels));
            for (int i = 0; i < n; i++) y[i] = classNames.indexOf(labels.get(i));
        }
        return new Table(ArrayDataset.ofFloats(name, features, y, d), List.copyOf(featureNames), classNames, false);
    }

    /** The labels as regression values when all are finite numbers and some are not class indices; else null. */
    private static float[] realValues(List<String> labels) {
        float[] v = new float[labels.size()];
        boolean notIndex = false;
        for (int i = 0; i < v.length; i++) {
            String s = labels.get(i);
            if (!s.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) return null;
            v[i] = Float.parseFloat(s);
            if (!Float.isFinite(v[i])) return null;
            notIndex |= !s.matches("\\d{1,9}");
        }
        return notIndex ? v : null;
    }

    private static int resolveLabel(String name, String label, List<String> names, int columns) {
        int idx;
        if (label.matches("-?\\d+")) {
            idx = Integer.parseInt(label);
            if (idx < 0) idx += columns;
        } else {
            if (names == null) throw new IllegalArgumentException(name + ": label column '" + label + "' given by name but the file has no header");
            idx = names.indexOf(label);
            if (idx < 0) throw new IllegalArgumentException(name + ": no column named '" + label + "' in header " + names);
        }
        if (idx < 0 || idx >= columns) throw new IllegalArgumentException(name + ": label column " + label + " out of range for " + columns + " columns");
        if (columns < 2) throw new IllegalArgumentException(name + ": need at least one feature column and a label column, got " + columns + " columns");
        return idx;
    }
}
