package org.nabla.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.nabla.tensor.DType;

/**
 * A character-level text corpus: the vocabulary is the distinct characters (UTF-16 units) sorted, each
 * encoded as its rank. As a {@link Dataset}, sample i is the {@code seqLen} character indices starting at
 * {@code i * seqLen} (INT64 features) and its target is the same window shifted by one character, so every
 * position predicts the next character. Windows do not overlap; the tail that does not fill one is dropped.
 */
public final class CharCorpus implements Dataset {
    private final char[] vocab;
    private final int[] index = new int[Character.MAX_VALUE + 1];
    private final int[] encoded;
    private final int seqLen;

    public CharCorpus(String text, int seqLen) {
        if (seqLen < 1) throw new IllegalArgumentException("CharCorpus: sequence length must be positive, got " + seqLen);
        if (text.length() < seqLen + 1)
            throw new IllegalArgumentException("CharCorpus: text of " + text.length() + " characters is too short for one sequence of " + seqLen + " plus a target");
        this.seqLen = seqLen;
        boolean[] seen = new boolean[Character.MAX_VALUE + 1];
        for (int i = 0; i < text.length(); i++) seen[text.charAt(i)] = true;
        int k = 0;
        for (boolean b : seen) if (b) k++;
        vocab = new char[k];
        Arrays.fill(index, -1);
        for (int c = 0, j = 0; c < seen.length; c++) if (seen[c]) { vocab[j] = (char) c; index[c] = j++; }
        encoded = encode(text);
    }

    /** Reads a UTF-8 text file, e.g. {@code $NABLA_DATA/tinyshakespeare/input.txt}. */
    public static CharCorpus load(Path file, int seqLen) {
        try {
            return new CharCorpus(Files.readString(file, StandardCharsets.UTF_8), seqLen);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public int vocabSize() { return vocab.length; }
    public String vocabulary() { return new String(vocab); }
    public int seqLen() { return seqLen; }
    public int length() { return encoded.length; }

    public int[] encode(String s) {
        int[] out = new int[s.length()];
        for (int i = 0; i < out.length; i++) {
            int v = index[s.charAt(i)];
            if (v < 0) throw new IllegalArgumentException("CharCorpus: character '" + s.charAt(i) + "' (U+" + String.format("%04X", (int) s.charAt(i)) + ") at " + i + " is not in the vocabulary");
            out[i] = v;
        }
        return out;
    }

    public String decode(int[] ids) {
        char[] out = new char[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocab.length) throw new IllegalArgumentException("CharCorpus: id " + ids[i] + " outside 0.." + (vocab.length - 1));
            out[i] = vocab[ids[i]];
        }
        return new String(out);
    }

    public String decode(long[] ids) {
        int[] v = new int[ids.length];
        for (int i = 0; i < v.length; i++) v[i] = Math.toIntExact(ids[i]);
        return decode(v);
    }

    @Override public int size() { return (encoded.length - 1) / seqLen; }
    @Override public int[] sampleShape() { return new int[] {seqLen}; }
    @Override public int[] targetShape() { return new int[] {seqLen}; }
    @Override public DType featureType() { return DType.INT64; }

    @Override
    public void copyFeatures(int i, float[] dst, int offset) {
        throw new UnsupportedOperationException("CharCorpus has INT64 features (character indices)");
    }

    @Override
    public void copyFeatures(int i, long[] dst, int offset) {
        for (int t = 0, s = i * seqLen; t < seqLen; t++) dst[offset + t] = encoded[s + t];
    }

    @Override
    public void copyTarget(int i, long[] dst, int offset) {
        for (int t = 0, s = i * seqLen + 1; t < seqLen; t++) dst[offset + t] = encoded[s + t];
    }

    /** The target of sample i's last position (the character that follows the window). */
    @Override public long label(int i) { return encoded[i * seqLen + seqLen]; }

    @Override public String toString() { return "CharCorpus(chars=" + encoded.length + ", vocab=" + vocab.length + ", seqLen=" + seqLen + ")"; }
}
