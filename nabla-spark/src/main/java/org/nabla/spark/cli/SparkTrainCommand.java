package org.nabla.spark.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.nabla.cli.RunRecipe;
import org.nabla.data.Normalizer;
import org.nabla.io.Json;
import org.nabla.spark.Sessions;
import org.nabla.spark.allreduce.AllReduceKind;
import org.nabla.spark.data.DataFrames;
import org.nabla.spark.data.MnistFrames;
import org.nabla.spark.data.SampleBlock;
import org.nabla.spark.predict.BatchInference;
import org.nabla.spark.train.DataParallelTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nabla spark train}: a {@code nabla train} recipe trained data-parallel in a Spark barrier stage per epoch. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains MODEL data-parallel on Spark: one replica per worker, gradients averaged every step (ring all-reduce), "
                + "the same weights as one process with the same global batch. Writes a run folder that 'nabla eval' and 'nabla predict' read.",
                "Unset options take the model's recipe, as 'nabla train' does."})
final class SparkTrainCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model of 'nabla train' (lenet5, mlp, ...).")
    private String model;

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "mnist", description = "mnist or fashion-mnist. Default: ${DEFAULT-VALUE}.")
    private String dataset;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (local[2], spark://host:7077, yarn, ...). Default: spark-submit's, else local[WORKERS].")
    private String master;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "2", description = "Replicas (barrier tasks; free task slots needed). Default: ${DEFAULT-VALUE}.")
    private int workers;

    @Option(names = "--all-reduce", paramLabel = "KIND", defaultValue = "ring",
            description = "ring (task to task over TCP, gradient buckets all-reduced during the backward pass), ring-blocking (after it) "
                    + "or gather (Spark's allGather through the driver: ~1 s per step). Default: ${DEFAULT-VALUE}.")
    private String allReduce;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "Kernel threads per worker. Default: ${DEFAULT-VALUE}.")
    private int threads;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "4",
            description = "Runs of an epoch's barrier stage (from the last checkpoint) before the training fails. Default: ${DEFAULT-VALUE}.")
    private int maxAttempts;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs. Default: the recipe's.")
    private Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Global batch (split evenly over the workers). Default: the recipe's.")
    private Integer batchSize;

    @Option(names = "--optimizer", paramLabel = "NAME", description = "Default: the recipe's.")
    private String optimizer;

    @Option(names = "--lr", paramLabel = "RATE", description = "Default: the recipe's.")
    private Double lr;

    @Option(names = "--schedule", paramLabel = "NAME", description = "Default: the recipe's.")
    private String schedule;

    @Option(names = "--seed", paramLabel = "N", description = "Default: the recipe's (42).")
    private Long seed;

    @Option(names = "--train-limit", paramLabel = "N", defaultValue = "0", description = "Train on the first N samples (0: all). Default: ${DEFAULT-VALUE}.")
    private int trainLimit;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder to create. Default: runs/<model>-<dataset>-spark-<date>-<time>.")
    private Path out;

    @Override
    public Integer call() {
        List<String> args = new ArrayList<>(List.of(model, "--dataset", dataset));
        if (epochs != null) args.addAll(List.of("--epochs", epochs.toString()));
        if (batchSize != null) args.addAll(List.of("--batch-size", batchSize.toString()));
        if (optimizer != null) args.addAll(List.of("--optimizer", optimizer));
        if (lr != null) args.addAll(List.of("--lr", lr.toString()));
        if (schedule != null) args.addAll(List.of("--schedule", schedule));
        if (seed != null) args.addAll(List.of("--seed", seed.toString()));
        RunRecipe recipe = RunRecipe.resolve(args.toArray(String[]::new));
        if (recipe.normalize().equals("scale")) throw new IllegalArgumentException("--normalize scale: nabla spark fits standardize or none");
        DataParallelTrainer.Settings settings = new DataParallelTrainer.Settings(workers, recipe.batchSize(), recipe.epochs(), recipe.seed(),
                AllReduceKind.parse(allReduce), threads, maxAttempts);
        PrintWriter w = spec.commandLine().getOut();
        SparkSession spark = Sessions.start(master != null ? master : SparkPredictCommand.submittedMaster("local[" + workers + "]"), "nabla spark train " + model);
        try {
            long start = System.nanoTime();
            Dataset<Row> train = MnistFrames.load(spark, dataset, true, trainLimit, workers);
            JavaRDD<SampleBlock> blocks = DataFrames.blocks(train, MnistFrames.COLUMNS);
            Normalizer normalizer = recipe.normalize().equals("standardize") ? DataFrames.standardizer(blocks, MnistFrames.COLUMNS.sampleShape()) : null;
            int[] shape = MnistFrames.COLUMNS.sampleShape();
            List<String> classNames = org.nabla.data.Datasets.REGISTRY.get(dataset).source().load(null, null, false).classNames();
            Map<String, Object> metadata = recipe.metadata(shape, classNames.size(), classNames, normalizer);
            w.printf(Locale.ROOT, "training %s on %s with Spark %s (%s): %d workers x batch %d (global %d), %s all-reduce, %d epoch%s%n", model, dataset,
                    spark.version(), spark.sparkContext().master(), workers, settings.localBatch(), settings.globalBatch(), allReduce,
                    recipe.epochs(), recipe.epochs() == 1 ? "" : "s");
            w.flush();
            DataParallelTrainer.Result r = DataParallelTrainer.fit(blocks, normalizer,
                    new RecipeReplica(recipe.toJson(), Json.write(metadata), classNames.size(), shape), settings, null,
                    (e, c) -> {
                        w.printf(Locale.ROOT, "epoch %d: train loss %.4f, accuracy %.2f%%, %.2f ms/step of which all-reduce %.2f ms (%.1f%%: "
                                        + "communication %.2f ms, %.1f%%; waiting for the slower replica %.2f ms; buckets exchanged during backward %.2f ms), %.1f s%s%n",
                                e.epoch(), e.logs().get("train_loss"), 100 * e.logs().getOrDefault("train_accuracy", Double.NaN), 1e3 * e.stepSeconds(),
                                1e3 * e.allReduceSecondsPerStep(), 100 * e.allReduceSecondsPerStep() / e.stepSeconds(),
                                1e3 * e.communicationSecondsPerStep(), 100 * e.communicationSecondsPerStep() / e.stepSeconds(),
                                1e3 * e.waitSecondsPerStep(), 1e3 * e.overlappedSecondsPerStep(), e.seconds(),
                                e.attempts() > 1 ? ", " + e.attempts() + " attempts" : "");
                        w.flush();
                    }, new PrintWriter(System.err, true));
            double seconds = (System.nanoTime() - start) * 1e-9;
            List<Map<String, Double>> history = r.epochs().stream().map(DataParallelTrainer.EpochReport::logs).toList();
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("workers", workers);
            summary.put("all_reduce", allReduce);
            summary.put("steps_per_epoch", r.stepsPerEpoch());
            summary.put("gradient_bytes", r.epochs().getLast().gradientBytes());
            summary.put("step_ms", 1e3 * r.epochs().getLast().stepSeconds());
            summary.put("all_reduce_ms", 1e3 * r.epochs().getLast().allReduceSecondsPerStep());
            summary.put("all_reduce_communication_ms", 1e3 * r.epochs().getLast().communicationSecondsPerStep());
            summary.put("all_reduce_wait_ms", 1e3 * r.epochs().getLast().waitSecondsPerStep());
            summary.put("all_reduce_thread_ms", 1e3 * r.epochs().getLast().overlappedSecondsPerStep());
            summary.put("train_seconds", seconds);
            Path run = recipe.writeRun(out, model + "-" + dataset + "-spark", metadata, r.checkpoint(), history);
            Dataset<Row> test = MnistFrames.load(spark, dataset, false, 0, workers);
            Dataset<Row> scored = BatchInference.score(spark, test, "image", run, 500);
            long n = scored.count(), right = scored.filter("prediction = label").count();
            summary.put("test_accuracy", (double) right / n);
            summary.put("test_samples", n);
            recipe.writeSummary(run, summary);
            w.printf(Locale.ROOT, "test accuracy %.2f%% (%d of %d, scored on Spark); run folder %s (%.0f s)%n", 100.0 * right / n, right, n, run, seconds);
            return 0;
        } finally {
            spark.stop();
        }
    }
}
