package org.nabla.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nabla.data.DataLoader;
import org.nabla.data.Dataset;
import org.nabla.metrics.Average;
import org.nabla.metrics.ConfusionMatrix;
import org.nabla.metrics.MetricAccumulator;
import org.nabla.nn.Module;
import org.nabla.nn.loss.CrossEntropyLoss;
import org.nabla.nn.loss.Reduction;
import org.nabla.train.Evaluation;
import org.nabla.train.task.ClassificationTask;

/** A classifier's metrics on a dataset: loss, accuracy, top-k accuracy, macro precision/recall/F1 and the confusion matrix. */
record EvalReport(double loss, double accuracy, int topK, double topKAccuracy, double macroPrecision, double macroRecall,
                  double macroF1, ConfusionMatrix confusion) implements Report {
    private static final int BATCH = 500;

    /** Evaluates {@code model} (in eval mode, without gradients; its mode is restored) on every sample of {@code data}. */
    static EvalReport of(Module model, Dataset data, int classes) {
        int k = Math.min(5, classes);
        MetricAccumulator metrics = new MetricAccumulator(classes, k);
        ClassificationTask task = new ClassificationTask(model, null, new CrossEntropyLoss(Reduction.SUM));
        Evaluation e = Evaluation.of(task, DataLoader.builder(data).batchSize(BATCH).build(), List.of(metrics));
        if (e.samples() == 0) throw new IllegalArgumentException("the test set is empty");
        ConfusionMatrix confusion = metrics.confusionMatrix();
        return new EvalReport(e.loss(), metrics.accuracy(), k, metrics.topKAccuracy(k), confusion.precision(Average.MACRO),
                confusion.recall(Average.MACRO), confusion.f1(Average.MACRO), confusion);
    }

    @Override
    public Map<String, Object> toJson(List<String> classNames) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", confusion.total());
        m.put("loss", loss);
        m.put("accuracy", accuracy);
        m.put("top" + topK + "_accuracy", topKAccuracy);
        m.put("macro_precision", macroPrecision);
        m.put("macro_recall", macroRecall);
        m.put("macro_f1", macroF1);
        Map<String, Object> perClass = new LinkedHashMap<>();
        double[] p = confusion.precision(), r = confusion.recall(), f = confusion.f1();
        long[] support = confusion.support();
        for (int c = 0; c < p.length; c++) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("precision", p[c]);
            one.put("recall", r[c]);
            one.put("f1", f[c]);
            one.put("support", support[c]);
            perClass.put(classNames.get(c), one);
        }
        m.put("per_class", perClass);
        List<List<Long>> counts = new java.util.ArrayList<>();
        for (long[] row : confusion.counts()) counts.add(java.util.Arrays.stream(row).boxed().toList());
        m.put("confusion_matrix", counts);
        return m;
    }

    /** The summary line and the confusion matrix (rows: true class, columns: predicted). */
    @Override
    public void print(PrintWriter out, String what, List<String> classNames) {
        out.printf(Locale.ROOT, "%s: accuracy %.2f%% (%d/%d)  loss %.4f  top-%d %.2f%%  macro precision %.4f recall %.4f F1 %.4f%n", what,
                100 * accuracy, Math.round(accuracy * confusion.total()), confusion.total(), loss, topK, 100 * topKAccuracy,
                macroPrecision, macroRecall, macroF1);
        out.println("confusion matrix (rows: true class, columns: predicted):");
        long[][] counts = confusion.counts();
        int width = 4;
        for (long[] row : counts) for (long v : row) width = Math.max(width, Long.toString(v).length() + 1);
        int nameWidth = classNames.stream().mapToInt(String::length).max().orElse(1);
        StringBuilder head = new StringBuilder(" ".repeat(nameWidth));
        for (int j = 0; j < counts.length; j++) head.append(String.format(Locale.ROOT, "%" + width + "d", j));
        out.println(head);
        for (int i = 0; i < counts.length; i++) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-" + nameWidth + "s", classNames.get(i)));
            for (long v : counts[i]) line.append(String.format(Locale.ROOT, "%" + width + "d", v));
            out.println(line);
        }
        out.flush();
    }

    @Override
    public String headline(String what) { return String.format(Locale.ROOT, "%s accuracy %.2f%%", what, 100 * accuracy); }
}
