package org.nabla.spark.data;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.nabla.data.Datasets;

/**
 * MNIST (or Fashion-MNIST) as a Spark DataFrame: {@code image} (784 unsigned bytes, row-major 28x28) and
 * {@code label} (int), read by Nabla's loader on the driver ($NABLA_DATA) and cut into contiguous partitions. The
 * example of image bytes becoming Nabla batches with {@link DataFrames}; {@code ./nabla spark dataset} writes it as
 * Parquet for {@code spark predict}.
 */
public final class MnistFrames {
    public static final StructType SCHEMA = new StructType().add("image", DataTypes.BinaryType, false).add("label", DataTypes.IntegerType, false);
    /** The columns of {@link #SCHEMA} for {@link DataFrames#blocks}. */
    public static final DataFrames.Columns COLUMNS = new DataFrames.Columns("image", "label", new int[] {1, 28, 28});

    private MnistFrames() {}

    /** {@code name} (mnist or fashion-mnist), its training or test split, the first {@code limit} samples (0: all), in {@code partitions}. */
    public static Dataset<Row> load(SparkSession spark, String name, boolean train, int limit, int partitions) {
        if (!name.equals("mnist") && !name.equals("fashion-mnist"))
            throw new IllegalArgumentException("--dataset " + name + ": nabla spark reads mnist or fashion-mnist (or a DataFrame through the API)");
        org.nabla.data.Dataset d = Datasets.load(name, train);
        int n = limit > 0 ? Math.min(limit, d.size()) : d.size(), len = d.sampleLength();
        List<Row> rows = new ArrayList<>(n);
        float[] pixels = new float[len];
        for (int i = 0; i < n; i++) {
            d.copyFeatures(i, pixels, 0);
            byte[] b = new byte[len];
            for (int j = 0; j < len; j++) b[j] = (byte) Math.round(pixels[j] * 255);
            rows.add(RowFactory.create(b, (int) d.label(i)));
        }
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions), SCHEMA);
    }
}
