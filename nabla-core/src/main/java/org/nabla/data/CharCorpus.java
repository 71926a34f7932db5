package org.nabla.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.nabla.tensor.DType;

/**
 * A character-level text corpus: the vocabulary is the distinct characters (UTF-16 units) sorted, each
 * encoded as its rank. As a {@link Dataset}, sample i is the {@code seqLen} character indices starting at
 * {@code i * seqLen} (INT64 features) and its target is the same window shifted by one character, so every
 * position predicts the next character. Windows do not overlap; the tail that does not fill one is dropped.
 */
public final class CharCorpus implements Dataset {
    private final CharVocabulary vocab;
    private final int[] encoded;
    private final int seqLen;

    public CharCorpus(String text, int seqLen) {
        if (seqLen < 1) throw new IllegalArgumentException("CharCorpus: sequence length must be positive, got " + seqLen);
        if (text.length() < seqLen + 1)
            throw new IllegalArgumentException("CharCorpus: text of " + text.length() + " characters is too short for one sequence of " + seqLen + " plus a target");
        this.seqLen = seqLen;
        vocab = CharVocabulary.of(text);
        encoded = vocab.encode(text);
    }

    /** Reads a UTF-8 text file, e.g. {@code $NABLA_DATA/tinyshakespeare/input.txt}. */
    public static CharCorpus load(Path file, int seqLen) {
        try {
            return new CharCorpus(Files.readString(file, StandardCharsets.UTF_8), seqLen);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public int vocabSize() { return vocab.size(); }
    public String vocabulary() { return vocab.characters(); }
    public CharVocabulary charVocabulary() { return vocab; }
    public int seqLen() { return seqLen; }
    public int length() { return encoded.length; }

    public int[] encode(String s) {
        try {
            return vocab.encode(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("CharCorpus: " + e.getMessage());
        }
    }

    public String decode(int[] ids) { return vocab.decode(ids); }

    public String decode(long[] ids) { return vocab.decode(ids); }

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

    @Override public String toString() { return "CharCorpus(chars=" + encoded.length + ", vocab=" + vocab.size() + ", seqLen=" + seqLen + ")"; }
}
