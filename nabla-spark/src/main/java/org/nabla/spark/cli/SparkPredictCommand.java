package org.nabla.spark.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.nabla.spark.Sessions;
import org.nabla.spark.predict.BatchInference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nabla spark predict}: a trained run scores a Parquet file on Spark, partition by partition. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Scores --input (Parquet) with the model of RUN on Spark and writes it to --output (Parquet) with two more columns: "
                + "prediction (int) and probabilities (array of float).")
final class SparkPredictCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "Run folder or checkpoint of a classifier ('nabla train' or 'nabla spark train').")
    private Path run;

    @Option(names = "--input", paramLabel = "PARQUET", required = true, description = "The samples: a features column (array, vector or image bytes).")
    private String input;

    @Option(names = "--output", paramLabel = "PARQUET", required = true, description = "Where to write the scored rows (must not exist).")
    private String output;

    @Option(names = "--features", paramLabel = "COLUMN", description = "The features column. Default: features, else image.")
    private String features;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "256", description = "Samples per forward pass. Default: ${DEFAULT-VALUE}.")
    private int batchSize;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master. Default: spark-submit's, else local[*].")
    private String master;

    @Override
    public Integer call() {
        if (!input.contains("://") && !Files.exists(Path.of(input))) throw new IllegalArgumentException("--input " + input + ": no such file or folder");
        if (!output.contains("://") && Files.exists(Path.of(output))) throw new IllegalArgumentException("--output " + output + " exists (nothing is overwritten)");
        SparkSession spark = Sessions.start(master != null ? master : submittedMaster("local[*]"), "nabla spark predict");
        try {
            Dataset<Row> frame = spark.read().parquet(input);
            String column = features != null ? features
                    : Arrays.asList(frame.columns()).contains("features") ? "features" : "image";
            Dataset<Row> scored = BatchInference.score(spark, frame, column, run, batchSize);
            scored.write().parquet(output);
            long n = spark.read().parquet(output).count();
            PrintWriter w = spec.commandLine().getOut();
            w.printf(Locale.ROOT, "scored %d rows of %s with %s: %s%n", n, input, run, output);
            return 0;
        } finally {
            spark.stop();
        }
    }

    /** The master spark-submit set (spark.master), else {@code fallback}; null lets the session take spark-submit's. */
    static String submittedMaster(String fallback) {
        return new SparkConf().contains("spark.master") ? null : fallback;
    }
}
