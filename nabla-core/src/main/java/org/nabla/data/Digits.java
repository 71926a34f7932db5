package org.nabla.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.nabla.tensor.Tensor;

/**
 * The 8x8 handwritten digits (UCI optdigits, as shipped by scikit-learn) bundled in nabla-core: 1797
 * images of 64 pixels with labels 0..9. See {@code org/nabla/data/digits8x8/SOURCE.md} for provenance and license.
 *
 * @param features float32 [1797, 64], pixel values scaled from 0..16 to [0, 1]
 * @param labels   int64 [1797], the digit each image shows
 */
public record Digits(Tensor features, Tensor labels) {
    /** The classpath resource holding the gzip-compressed CSV. */
    public static final String RESOURCE = "/org/nabla/data/digits8x8/digits.csv.gz";
    public static final int SAMPLES = 1797, PIXELS = 64, CLASSES = 10;
    private static final int MAX_PIXEL = 16;

    /** Loads the bundled copy; fails with the resource name, line and reason if it is missing or corrupt. */
    public static Digits load() {
        InputStream raw = Digits.class.getResourceAsStream(RESOURCE);
        if (raw == null) throw new IllegalStateException(RESOURCE + ": resource not found on the classpath");
        try (Reader reader = new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.US_ASCII)) {
            return read(reader, RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The digits as a {@link Dataset} of [64] feature rows (shares nothing with the tensors). */
    public ArrayDataset asDataset() {
        return ArrayDataset.ofFloats("digits8x8", features.toFloatArray(), labels.toLongArray(), PIXELS);
    }

    /** Parses the uncompressed CSV; {@code name} only labels error messages. */
    static Digits read(Reader reader, String name) throws IOException {
        float[] pixels = new float[SAMPLES * PIXELS];
        long[] labels = new long[SAMPLES];
        BufferedReader lines = new BufferedReader(reader);
        int row = 0;
        for (String line; (line = lines.readLine()) != null; row++) {
            int lineNumber = row + 1;
            if (row == SAMPLES) throw corrupt(name, lineNumber, "more than " + SAMPLES + " rows");
            String[] fields = line.split(",", -1);
            if (fields.length != PIXELS + 1)
                throw corrupt(name, lineNumber, "expected " + (PIXELS + 1) + " comma-separated integers, got " + fields.length);
            for (int i = 0; i < PIXELS; i++) {
                int v = parse(fields[i], name, lineNumber, i + 1);
                if (v < 0 || v > MAX_PIXEL)
                    throw corrupt(name, lineNumber, "pixel " + (i + 1) + " is " + v + ", outside 0.." + MAX_PIXEL);
                pixels[row * PIXELS + i] = v / (float) MAX_PIXEL;
            }
            int label = parse(fields[PIXELS], name, lineNumber, PIXELS + 1);
            if (label < 0 || label >= CLASSES) throw corrupt(name, lineNumber, "label is " + label + ", outside 0.." + (CLASSES - 1));
            labels[row] = label;
        }
        if (row != SAMPLES) throw corrupt(name, row + 1, "file ends after " + row + " rows, expected " + SAMPLES);
        return new Digits(Tensor.of(pixels, SAMPLES, PIXELS), Tensor.of(labels, SAMPLES));
    }

    private static int parse(String field, String name, int line, int column) {
        try {
            return Integer.parseInt(field.strip());
        } catch (NumberFormatException e) {
            throw corrupt(name, line, "value " + column + " ('" + field + "') is not an integer");
        }
    }

    private static IllegalStateException corrupt(String name, int line, String reason) {
        return new IllegalStateException(name + " line " + line + ": " + reason);
    }
}
