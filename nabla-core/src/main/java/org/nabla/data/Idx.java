package org.nabla.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reader for the IDX format of MNIST and Fashion-MNIST, plain or gzip-compressed (detected by the gzip
 * magic bytes, not the file name). Big-endian header: magic (0x0000, type 0x08 = unsigned byte, number of
 * dimensions), then one int32 per dimension, then the bytes. Every problem is an IOException naming the
 * file and the reason on one line.
 */
public final class Idx {
    public static final int IMAGES_MAGIC = 2051, LABELS_MAGIC = 2049;

    private Idx() {}

    /** An IDX unsigned-byte array: its dimensions and its values. */
    public record Array(int[] dims, byte[] data) {}

    /** Reads an unsigned-byte IDX file whose magic must be {@code expectedMagic} (2051 images, 2049 labels). */
    public static Array read(Path file, int expectedMagic) throws IOException {
        String name = file.toString();
        if (!Files.isRegularFile(file)) throw new IOException(name + ": file not found");
        try (InputStream in = open(file)) {
            int[] dims = dims(name, in, expectedMagic);
            int rank = dims.length;
            long count = 1;
            for (int d : dims) count *= d;
            if (count > Integer.MAX_VALUE - 8) throw new IOException(name + ": corrupt header: dimensions " + Arrays.toString(dims) + " are too large");
            // The header's claim is checked against the file before anything that large is allocated.
            long headerBytes = 4 + 4L * rank, fileBytes = Files.size(file);
            if (!(in instanceof GZIPInputStream) && fileBytes - headerBytes < count)
                throw truncated(name, dims, count, fileBytes - headerBytes);
            if (in instanceof GZIPInputStream && count + headerBytes > MAX_DEFLATE_RATIO * fileBytes)
                throw new IOException(name + ": corrupt header: dimensions " + Arrays.toString(dims) + " need " + count
                        + " data bytes, more than a gzip file of " + fileBytes + " bytes can hold");
            // Inflate straight into the result (readNBytes(n) would go through 8 KiB chunks and a copy).
            byte[] data = new byte[(int) count];
            int got = 0;
            for (int r; got < data.length && (r = in.read(data, got, data.length - got)) > 0; ) got += r;
            if (got < count) throw truncated(name, dims, count, got);
            if (in.read() != -1) throw new IOException(name + ": corrupt: data continues after the " + count + " bytes of " + Arrays.toString(dims));
            return new Array(dims, data);
        } catch (EOFException | ZipException e) {
            throw new IOException(name + ": truncated or corrupt gzip stream (" + e.getMessage() + ")", e);
        }
    }

    /** Reads the magic number and the dimensions; each must be sound. */
    private static int[] dims(String name, InputStream in, int expectedMagic) throws IOException {
        byte[] head = in.readNBytes(4);
        if (head.length < 4) throw new IOException(name + ": corrupt header: file ends after " + head.length + " bytes");
        int magic = int32(head, 0);
        if (magic != expectedMagic)
            throw new IOException(name + ": wrong magic number " + magic + " (0x" + Integer.toHexString(magic) + "), expected "
                + expectedMagic + (expectedMagic == IMAGES_MAGIC ? " for an IDX image file" : " for an IDX label file"));
        int rank = magic & 0xFF;
        byte[] dimBytes = in.readNBytes(4 * rank);
        if (dimBytes.length < 4 * rank) throw new IOException(name + ": corrupt header: file ends inside the " + rank + " dimensions");
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = int32(dimBytes, 4 * i);
            if (dims[i] < 0) throw new IOException(name + ": corrupt header: dimension " + i + " is " + dims[i]);
        }
        return dims;
    }

    /** Deflate's best ratio is about 1032:1, so a gzip file of n bytes inflates to at most that many times n. */
    private static final long MAX_DEFLATE_RATIO = 1032;

    private static IOException truncated(String name, int[] dims, long count, long got) {
        return new IOException(name + ": truncated: header " + Arrays.toString(dims) + " needs " + count + " data bytes, file has " + got);
    }

    /** The dimensions in the header of an IDX file whose magic must be {@code expectedMagic}, without reading the data. */
    public static int[] header(Path file, int expectedMagic) throws IOException {
        try (InputStream in = open(file)) {
            return dims(file.toString(), in, expectedMagic);
        } catch (EOFException | ZipException e) {
            throw new IOException(file + ": truncated or corrupt gzip stream (" + e.getMessage() + ")", e);
        }
    }

    /** Reads images (magic 2051, N x rows x cols) and labels (magic 2049, N) and checks they agree. */
    public static ArrayDataset readImagesAndLabels(String datasetName, Path images, Path labels, int numClasses) throws IOException {
        Array img = read(images, IMAGES_MAGIC);
        if (img.dims.length != 3) throw new IOException(images + ": expected 3 dimensions (N, rows, cols), got " + Arrays.toString(img.dims));
        if (img.dims[1] == 0 || img.dims[2] == 0)
            throw new IOException(images + ": the images are " + img.dims[1] + "x" + img.dims[2] + " pixels; an image needs at least one");
        Array lab = read(labels, LABELS_MAGIC);
        if (lab.dims.length != 1) throw new IOException(labels + ": expected 1 dimension (N), got " + Arrays.toString(lab.dims));
        if (img.dims[0] != lab.dims[0])
            throw new IOException(images + " has " + img.dims[0] + " images but " + labels + " has " + lab.dims[0] + " labels");
        long[] y = new long[lab.dims[0]];
        for (int i = 0; i < y.length; i++) {
            int v = lab.data[i] & 0xFF;
            if (v >= numClasses) throw new IOException(labels + ": label " + i + " is " + v + ", outside 0.." + (numClasses - 1));
            y[i] = v;
        }
        return ArrayDataset.ofBytes(datasetName, img.data, y, 1, img.dims[1], img.dims[2]);
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read(), b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static int int32(byte[] b, int o) {
        return (b[o] & 0xFF) << 24 | (b[o + 1] & 0xFF) << 16 | (b[o + 2] & 0xFF) << 8 | (b[o + 3] & 0xFF);
    }
}
