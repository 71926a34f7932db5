package org.nabla.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nabla.data.DataLoader;
import org.nabla.data.Dataset;
import org.nabla.metrics.MeanAbsoluteError;
import org.nabla.metrics.R2Score;
import org.nabla.metrics.RootMeanSquaredError;
import org.nabla.nn.Module;
import org.nabla.nn.loss.Loss;
import org.nabla.train.Evaluation;
import org.nabla.train.task.RegressionTask;

/** A regressor's metrics on a dataset: the loss, MAE, RMSE and R². */
record RegressionReport(double loss, double mae, double rmse, double r2, long samples) implements Report {
    private static final int BATCH = 500;

    /** Evaluates {@code model} (in eval mode, without gradients; its mode is restored) with {@code loss} on every sample of {@code data}. */
    static RegressionReport of(Module model, Dataset data, Loss loss) {
        RegressionTask task = new RegressionTask(model, null, loss);
        Evaluation e = Evaluation.of(task, DataLoader.builder(data).batchSize(BATCH).build(),
                List.of(new MeanAbsoluteError(), new RootMeanSquaredError(), new R2Score()));
        if (e.samples() == 0) throw new IllegalArgumentException("the test set is empty");
        return new RegressionReport(e.loss(), e.metrics().get("mae"), e.metrics().get("rmse"), e.metrics().get("r2"), e.samples());
    }

    @Override
    public Map<String, Object> toJson(List<String> classNames) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", samples);
        m.put("loss", loss);
        m.put("mae", mae);
        m.put("rmse", rmse);
        m.put("r2", r2);
        return m;
    }

    @Override
    public void print(PrintWriter out, String what, List<String> classNames) {
        out.printf(Locale.ROOT, "%s: MAE %.4f  RMSE %.4f  R² %.4f  loss %.4f (%d samples)%n", what, mae, rmse, r2, loss, samples);
        out.flush();
    }

    @Override
    public String headline(String what) { return String.format(Locale.ROOT, "%s MAE %.4f, R² %.4f", what, mae, r2); }
}
