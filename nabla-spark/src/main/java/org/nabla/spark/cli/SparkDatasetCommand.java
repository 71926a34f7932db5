package org.nabla.spark.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.nabla.spark.Sessions;
import org.nabla.spark.data.MnistFrames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nabla spark dataset}: writes MNIST or Fashion-MNIST as Parquet (image bytes and label), e.g. for {@code spark predict}. */
@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = "Writes NAME (mnist or fashion-mnist) as Parquet: columns image (784 bytes) and label (int).")
final class SparkDatasetCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "mnist or fashion-mnist.")
    private String name;

    @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "test", description = "train or test. Default: ${DEFAULT-VALUE}.")
    private String split;

    @Option(names = "--output", paramLabel = "PARQUET", required = true, description = "Where to write it (must not exist).")
    private Path output;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "The first N samples (0: all). Default: ${DEFAULT-VALUE}.")
    private int limit;

    @Override
    public Integer call() {
        if (!split.equals("train") && !split.equals("test")) throw new IllegalArgumentException("--split " + split + ": expected train or test");
        if (Files.exists(output)) throw new IllegalArgumentException("--output " + output + " exists (nothing is overwritten)");
        SparkSession spark = Sessions.start(SparkPredictCommand.submittedMaster("local[2]"), "nabla spark dataset");
        try {
            var frame = MnistFrames.load(spark, name, split.equals("train"), limit, 2);
            frame.write().parquet(output.toString());
            PrintWriter w = spec.commandLine().getOut();
            w.printf(Locale.ROOT, "wrote %d rows of %s (%s) to %s%n", frame.count(), name, split, output);
            return 0;
        } finally {
            spark.stop();
        }
    }
}
