package org.nabla.cli.lab;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nabla.io.AtomicFiles;

/**
 * A lab's result: the claim, a table of the numbers, the charts, and the verdict — whether the run confirms the claim,
 * with the reason in figures (or why not). {@link #markdown()} is the report written as report.md.
 */
public final class LabReport {
    private final String title, claim;
    private final List<String> header = new ArrayList<>();
    private final List<List<String>> rows = new ArrayList<>();
    private final List<String[]> figures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private boolean confirmed;
    private String verdict = "";
    private double seconds;

    public LabReport(String title, String claim) {
        this.title = title;
        this.claim = claim;
    }

    /** The table's column names. */
    public LabReport columns(String... names) {
        header.clear();
        header.addAll(List.of(names));
        return this;
    }

    /** One table row; numbers are formatted with {@link #f}. */
    public LabReport row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) r.add(c instanceof Double d ? f(d) : String.valueOf(c));
        rows.add(r);
        return this;
    }

    /** A chart already written in the output folder, with its caption. */
    public LabReport figure(Path png, String caption) {
        figures.add(new String[] {png.getFileName().toString(), caption});
        return this;
    }

    public LabReport note(String text) {
        notes.add(text);
        return this;
    }

    /** Whether the numbers confirm the claim, and why in figures. */
    public LabReport verdict(boolean confirmed, String because) {
        this.confirmed = confirmed;
        this.verdict = because;
        return this;
    }

    public LabReport seconds(double s) {
        seconds = s;
        return this;
    }

    public boolean confirmed() { return confirmed; }

    public String verdictText() { return verdict; }

    public String claim() { return claim; }

    public double seconds() { return seconds; }

    public List<List<String>> rows() { return List.copyOf(rows); }

    /** "CONFIRMED" or "NOT CONFIRMED". */
    public String verdictWord() { return confirmed ? "CONFIRMED" : "NOT CONFIRMED"; }

    /** A number with 4 significant digits (scientific below 1e-3 or from 1e5). */
    public static String f(double v) {
        if (Double.isNaN(v)) return "NaN (diverged)";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        double a = Math.abs(v);
        return a != 0 && (a < 1e-3 || a >= 1e5) ? String.format(Locale.ROOT, "%.3e", v) : String.format(Locale.ROOT, "%.4g", v);
    }

    /** A share as a percentage with 2 decimals. */
    public static String pct(double share) { return String.format(Locale.ROOT, "%.2f%%", 100 * share); }

    public String markdown() {
        StringBuilder b = new StringBuilder("# Lab: ").append(title).append("\n\n");
        b.append("**Claim (the course).** ").append(claim).append("\n\n");
        b.append("**Verdict: ").append(verdictWord()).append(".** ").append(verdict).append("\n\n");
        if (!header.isEmpty()) {
            b.append("| ").append(String.join(" | ", header)).append(" |\n|");
            b.append(" --- |".repeat(header.size())).append('\n');
            for (List<String> r : rows) b.append("| ").append(String.join(" | ", r)).append(" |\n");
            b.append('\n');
        }
        for (String n : notes) b.append(n).append("\n\n");
        for (String[] fig : figures) b.append("![").append(fig[1]).append("](").append(fig[0]).append(")\n\n").append('*').append(fig[1]).append("*\n\n");
        b.append(String.format(Locale.ROOT, "Run time: %.1f s.%n", seconds));
        return b.toString();
    }

    /** Writes report.md into {@code dir}. */
    public Path write(Path dir) {
        Path md = dir.resolve("report.md");
        AtomicFiles.write(md, markdown().getBytes(StandardCharsets.UTF_8));
        return md;
    }
}
