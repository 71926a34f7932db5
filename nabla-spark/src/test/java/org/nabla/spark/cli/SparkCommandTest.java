package org.nabla.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.cli.RunRecipe;
import org.nabla.io.Json;
import org.nabla.spark.Sessions;
import org.nabla.spark.data.DataFrames;

/**
 * The command line end to end in local[2] on MNIST loaded into a DataFrame: {@code spark train} (loss falls over two
 * epochs, the run folder holds a classifier), {@code spark dataset} and {@code spark predict} (Spark's batch
 * inference gives the predictions and probabilities of local prediction), and one-line errors.
 */
class SparkCommandTest {
    static {
        System.setProperty("nabla.offline", "true");
    }

    record Ran(int code, String out, String err) {}

    static Ran run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = SparkCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Ran(code, out.toString(), err.toString());
    }

    @Test
    void trainsOnMnistWithLossFallingThenScoresParquetLikeLocalPredict(@TempDir Path tmp) throws Exception {
        Path runDir = tmp.resolve("run");
        Ran train = run("train", "mlp", "--dataset", "mnist", "--master", "local[2]", "--workers", "2", "--train-limit", "2048",
                "--epochs", "2", "--batch-size", "64", "--out", runDir.toString());
        assertThat(train.code()).as(train.err()).isZero();
        assertThat(train.out()).contains("epoch 1: train loss", "epoch 2: train loss", "test accuracy");
        List<String> metrics = Files.readAllLines(runDir.resolve("metrics.csv"));
        List<String> header = List.of(metrics.get(0).split(","));
        int loss = header.indexOf("train_loss");
        assertThat(Double.parseDouble(metrics.get(2).split(",")[loss])).isLessThan(Double.parseDouble(metrics.get(1).split(",")[loss]));
        Map<String, Object> summary = Json.parseObject(Files.readString(runDir.resolve("summary.json")));
        assertThat(((Number) summary.get("test_accuracy")).doubleValue()).isGreaterThan(0.8);
        assertThat(((Number) summary.get("steps_per_epoch")).intValue()).isEqualTo(2048 / 64);

        Path parquet = tmp.resolve("test.parquet"), scored = tmp.resolve("scored.parquet");
        assertThat(run("dataset", "mnist", "--split", "test", "--limit", "300", "--output", parquet.toString()).code()).isZero();
        Ran predict = run("predict", runDir.toString(), "--input", parquet.toString(), "--output", scored.toString(), "--master", "local[2]",
                "--batch-size", "64");
        assertThat(predict.code()).as(predict.err()).isZero();
        assertThat(predict.out()).contains("scored 300 rows");

        SparkSession spark = Sessions.start("local[2]", "SparkCommandTest");
        try {
            List<Row> rows = spark.read().parquet(scored.toString()).orderBy("label", "prediction").collectAsList();
            assertThat(rows).hasSize(300);
            RunRecipe.Classifier local = RunRecipe.classifier(runDir);
            float[] x = new float[784];
            for (Row r : rows) {
                DataFrames.features(r.getAs("image"), x, 0, 784, "image");
                float[] expected = local.probabilities(x, 1).toFloatArray();
                List<Float> got = r.getList(r.fieldIndex("probabilities"));
                for (int k = 0; k < 10; k++) assertThat(got.get(k)).isCloseTo(expected[k], org.assertj.core.data.Offset.offset(1e-6f));
                int best = 0;
                for (int k = 1; k < 10; k++) if (expected[k] > expected[best]) best = k;
                assertThat(r.<Integer>getAs("prediction")).isEqualTo(best);
            }
        } finally {
            spark.stop();
        }
    }

    @Test
    void mistakesAreOneLine(@TempDir Path tmp) {
        Ran badWorkers = run("train", "mlp", "--dataset", "mnist", "--workers", "2", "--batch-size", "65", "--master", "local[2]");
        assertThat(badWorkers.code()).isEqualTo(1);
        assertThat(badWorkers.err().strip()).isEqualTo("nabla spark: --batch-size 65: must be a multiple of --workers 2 (each worker takes an equal share)");
        Ran noInput = run("predict", tmp.toString(), "--input", tmp.resolve("none.parquet").toString(), "--output", tmp.resolve("o").toString());
        assertThat(noInput.code()).isEqualTo(1);
        assertThat(noInput.err().strip()).isEqualTo("nabla spark: --input " + tmp.resolve("none.parquet") + ": no such file or folder");
    }
}
