package org.nabla.spark.predict;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.nabla.cli.RunRecipe;
import org.nabla.spark.data.DataFrames;
import org.nabla.spark.train.CheckpointBytes;

/**
 * Scores a DataFrame with a trained classifier, partition by partition: the run's checkpoint is broadcast once,
 * each executor loads the model from it once (cached by broadcast) and scores its partitions in batches, exactly as
 * {@code nabla predict} does (normalised inputs, eval mode, softmax). Adds {@value #PREDICTION} (int) and
 * {@value #PROBABILITIES} (array of float, one per class) to the input's columns.
 */
public final class BatchInference {
    public static final String PREDICTION = "prediction", PROBABILITIES = "probabilities";
    /** One loaded model per broadcast in each executor JVM. */
    private static final Map<Long, RunRecipe.Classifier> LOADED = new ConcurrentHashMap<>();

    private BatchInference() {}

    /** {@code frame} with the predictions of the model of {@code run} (a run folder or checkpoint) for column {@code features}. */
    public static Dataset<Row> score(SparkSession spark, Dataset<Row> frame, String features, Path run, int batchSize) {
        if (!Arrays.asList(frame.columns()).contains(features))
            throw new IllegalArgumentException("--features " + features + ": no such column (has " + String.join(", ", frame.columns()) + ")");
        if (batchSize < 1) throw new IllegalArgumentException("--batch-size " + batchSize + ": needs at least 1");
        RunRecipe.Classifier local = RunRecipe.classifier(run); // refuses a bad run on the driver, with one line
        Broadcast<CheckpointBytes> model = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(CheckpointBytes.read(RunRecipe.checkpointDir(run)));
        int column = Arrays.asList(frame.columns()).indexOf(features), length = Arrays.stream(local.sampleShape()).reduce(1, Math::multiplyExact);
        JavaRDD<Row> scored = frame.javaRDD().mapPartitions(rows -> score(rows, classifier(model), column, length, features, batchSize));
        StructType schema = frame.schema().add(PREDICTION, DataTypes.IntegerType, false)
                .add(PROBABILITIES, DataTypes.createArrayType(DataTypes.FloatType, false), false);
        return spark.createDataFrame(scored, schema);
    }

    private static RunRecipe.Classifier classifier(Broadcast<CheckpointBytes> model) {
        return LOADED.computeIfAbsent(model.id(), id -> {
            try {
                Path dir = Files.createTempDirectory("nabla-model");
                model.value().write(dir);
                return RunRecipe.classifier(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static Iterator<Row> score(Iterator<Row> rows, RunRecipe.Classifier model, int column, int length, String features, int batchSize) {
        List<Row> out = new ArrayList<>();
        List<Row> batch = new ArrayList<>(batchSize);
        while (rows.hasNext()) {
            batch.add(rows.next());
            if (batch.size() == batchSize || !rows.hasNext()) {
                float[] x = new float[batch.size() * length];
                for (int i = 0; i < batch.size(); i++) DataFrames.features(batch.get(i).get(column), x, i * length, length, features);
                float[] p;
                synchronized (model) { // one model per executor, shared by its task threads
                    p = model.probabilities(x, batch.size()).toFloatArray();
                }
                int classes = p.length / batch.size();
                for (int i = 0; i < batch.size(); i++) {
                    Row r = batch.get(i);
                    Object[] values = new Object[r.length() + 2];
                    for (int j = 0; j < r.length(); j++) values[j] = r.get(j);
                    float[] probs = Arrays.copyOfRange(p, i * classes, (i + 1) * classes);
                    int best = 0;
                    for (int k = 1; k < classes; k++) if (probs[k] > probs[best]) best = k;
                    values[r.length()] = best;
                    Float[] boxed = new Float[classes];
                    for (int k = 0; k < classes; k++) boxed[k] = probs[k];
                    values[r.length() + 1] = boxed;
                    out.add(RowFactory.create(values));
                }
                batch.clear();
            }
        }
        return out.iterator();
    }
}
