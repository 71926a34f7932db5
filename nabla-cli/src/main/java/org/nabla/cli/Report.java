package org.nabla.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** A trained model's metrics on a split: a classifier's ({@link EvalReport}) or a regressor's ({@link RegressionReport}). */
sealed interface Report permits EvalReport, RegressionReport, SegmentationReport {
    double loss();

    /** The metrics as JSON for summary.json. */
    Map<String, Object> toJson(List<String> classNames);

    /** The report as the command line prints it. */
    void print(PrintWriter out, String what, List<String> classNames);

    /** The one figure of the final line, e.g. "test accuracy 97.50%" or "test MAE 0.0312, R² 0.9981". */
    String headline(String what);
}
