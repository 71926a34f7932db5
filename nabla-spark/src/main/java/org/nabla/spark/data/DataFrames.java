package org.nabla.spark.data;

import java.io.Serializable;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.nabla.data.Normalizer;

/**
 * Spark DataFrames as Nabla samples, partition by partition on the executors (nothing is collected to the driver).
 * The features column may be an array of numbers, an ML vector (anything with a {@code double[] toArray()}), or
 * image bytes (unsigned, read as value / 255 like Nabla's own image loaders); the label column holds class indices.
 */
public final class DataFrames {
    private DataFrames() {}

    /** Where the features and the label of a DataFrame are, and the shape of one sample ([784] or [1, 28, 28]). */
    public record Columns(String features, String label, int[] sampleShape) implements Serializable {
        public Columns {
            if (sampleShape.length == 0 || Arrays.stream(sampleShape).anyMatch(d -> d < 1))
                throw new IllegalArgumentException("sample shape " + Arrays.toString(sampleShape) + ": needs positive dimensions");
        }

        int length() { return Arrays.stream(sampleShape).reduce(1, Math::multiplyExact); }
    }

    /** One {@link SampleBlock} per partition of {@code frame}, built where the partition lives. */
    public static JavaRDD<SampleBlock> blocks(Dataset<Row> frame, Columns columns) {
        List<String> names = Arrays.asList(frame.columns());
        for (String c : List.of(columns.features(), columns.label()))
            if (!names.contains(c)) throw new IllegalArgumentException("DataFrame: no column '" + c + "' (has " + names + ")");
        return frame.select(columns.features(), columns.label()).javaRDD().mapPartitions(rows -> List.of(block(rows, columns)).iterator());
    }

    /** The rows of one partition as a block (features in column 0, label in column 1). */
    static SampleBlock block(Iterator<Row> rows, Columns columns) {
        int length = columns.length();
        float[] features = new float[1024 * length];
        List<Long> labels = new ArrayList<>();
        while (rows.hasNext()) {
            Row row = rows.next();
            int n = labels.size();
            if ((long) (n + 1) * length > features.length) features = Arrays.copyOf(features, Math.toIntExact(Math.max((long) features.length * 2, (long) (n + 1) * length)));
            features(row.get(0), features, n * length, length, columns.features());
            labels.add(((Number) row.get(1)).longValue());
        }
        long[] y = labels.stream().mapToLong(Long::longValue).toArray();
        return new SampleBlock(Arrays.copyOf(features, y.length * length), y, columns.sampleShape());
    }

    /** A sample's features (array, vector or image bytes) into {@code dst[at, at + length)}; {@code column} names it in errors. */
    public static void features(Object value, float[] dst, int at, int length, String column) {
        switch (value) {
            case byte[] bytes -> {
                check(bytes.length, length, column);
                for (int i = 0; i < length; i++) dst[at + i] = (bytes[i] & 0xFF) / 255f;
            }
            case scala.collection.Seq<?> seq -> {
                check(seq.size(), length, column);
                scala.collection.Iterator<?> it = seq.iterator();
                for (int i = 0; i < length; i++) dst[at + i] = ((Number) it.next()).floatValue();
            }
            case List<?> list -> {
                check(list.size(), length, column);
                for (int i = 0; i < length; i++) dst[at + i] = ((Number) list.get(i)).floatValue();
            }
            case null -> throw new IllegalArgumentException("column '" + column + "': a null value");
            default -> {
                double[] v = vector(value, column);
                check(v.length, length, column);
                for (int i = 0; i < length; i++) dst[at + i] = (float) v[i];
            }
        }
    }

    private static double[] vector(Object value, String column) {
        try {
            Method toArray = value.getClass().getMethod("toArray");
            if (toArray.getReturnType() == double[].class) return (double[]) toArray.invoke(value);
        } catch (ReflectiveOperationException e) {
            // not a vector: refused below
        }
        throw new IllegalArgumentException("column '" + column + "': " + value.getClass().getName() + " is neither an array, a vector nor image bytes");
    }

    private static void check(int got, int length, String column) {
        if (got != length) throw new IllegalArgumentException("column '" + column + "': a sample of " + got + " values, the sample shape needs " + length);
    }

    /**
     * Per-channel standardisation fitted on the blocks with one pass of Spark aggregation (channel = dimension 0 of
     * the sample shape): the statistics Nabla's recipes fit on the training set, with the RDD never leaving the executors.
     */
    public static Normalizer standardizer(JavaRDD<SampleBlock> blocks, int[] sampleShape) {
        int channels = sampleShape[0];
        double[] moments = blocks.map(b -> channelMoments(b, channels)).reduce(DataFrames::add);
        double[] shift = new double[channels], scale = new double[channels];
        for (int c = 0; c < channels; c++) {
            double count = moments[3 * c], mean = moments[3 * c + 1] / count, var = Math.max(0, moments[3 * c + 2] / count - mean * mean);
            shift[c] = mean;
            scale[c] = var > 0 ? 1 / Math.sqrt(var) : 1;
        }
        return Normalizer.of(Normalizer.Mode.STANDARDIZE, true, shift, scale, sampleShape);
    }

    private static double[] channelMoments(SampleBlock b, int channels) {
        double[] m = new double[3 * channels];
        int length = b.features().length / Math.max(1, b.size()), per = length / channels;
        for (int i = 0; i < b.features().length; i++) {
            int c = (i % length) / per;
            double v = b.features()[i];
            m[3 * c]++;
            m[3 * c + 1] += v;
            m[3 * c + 2] += v * v;
        }
        return m;
    }

    private static double[] add(double[] a, double[] b) {
        double[] s = a.clone();
        for (int i = 0; i < s.length; i++) s[i] += b[i];
        return s;
    }
}
