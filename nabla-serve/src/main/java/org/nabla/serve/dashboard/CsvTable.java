package org.nabla.serve.dashboard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A numeric CSV file as a run writes it (metrics.csv, steps.csv): a header of column names, then rows of numbers,
 * an empty cell for a value the row lacks (NaN here, null in JSON). A row of another width or a cell that is not a
 * number makes the file malformed (IllegalArgumentException naming the line).
 */
public record CsvTable(List<String> columns, List<double[]> rows) {
    /** Parses the header and the complete lines of {@code text} (a last line without its newline is left out). */
    public static CsvTable parse(String file, String text) {
        int end = text.lastIndexOf('\n');
        if (end < 0) throw new IllegalArgumentException(file + ": no header line");
        String[] lines = text.substring(0, end).split("\n", -1);
        List<String> columns = List.of(lines[0].strip().split(",", -1));
        if (columns.stream().anyMatch(String::isEmpty)) throw new IllegalArgumentException(file + ": the header has an empty column name");
        List<double[]> rows = new ArrayList<>(lines.length - 1);
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) continue;
            rows.add(row(file, i + 1, lines[i], columns.size()));
        }
        return new CsvTable(columns, rows);
    }

    /** The rows of {@code lines} (complete lines, no header) for a file of {@code width} columns. */
    public static List<double[]> rows(String file, String lines, int width, int firstLine) {
        List<double[]> rows = new ArrayList<>();
        String[] split = lines.split("\n");
        for (int i = 0; i < split.length; i++)
            if (!split[i].isBlank()) rows.add(row(file, firstLine + i, split[i], width));
        return rows;
    }

    private static double[] row(String file, int line, String text, int width) {
        String[] cells = text.strip().split(",", -1);
        if (cells.length != width)
            throw new IllegalArgumentException(file + " line " + line + ": " + cells.length + " cells, the header has " + width);
        double[] row = new double[width];
        for (int c = 0; c < width; c++) {
            String s = cells[c].strip();
            try {
                row[c] = s.isEmpty() ? Double.NaN : Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + " line " + line + ": '" + s + "' is not a number");
            }
        }
        return row;
    }

    /** The column's index, or -1. */
    public int column(String name) { return columns.indexOf(name); }

    /** Rows as JSON arrays: numbers, null for NaN and infinities. */
    public List<List<Double>> jsonRows() { return jsonRows(rows); }

    public static List<List<Double>> jsonRows(List<double[]> rows) {
        List<List<Double>> out = new ArrayList<>(rows.size());
        for (double[] r : rows) out.add(Arrays.stream(r).mapToObj(v -> Double.isFinite(v) ? v : null).toList());
        return out;
    }
}
