package org.nabla.data;

import org.nabla.tensor.DType;

/**
 * A token sequence cut for truncated backpropagation through time, as PyTorch's word-language-model example
 * batches it: the tokens are split into {@code streams} contiguous streams, and batch k holds chunk k of every
 * stream, so row b of one batch continues row b of the previous one and a model can carry its state across.
 * Sample {@code i} is chunk {@code i / streams} of stream {@code i % streams}: read it with a {@link DataLoader} of
 * batch size {@code streams} and no shuffling. Targets are the inputs shifted by one token; the tail that fills
 * no whole chunk is dropped.
 */
public final class TextStreams implements Dataset {
    private final int[] tokens;
    private final int streams, chunk, streamLength, chunks;

    public TextStreams(int[] tokens, int streams, int chunk) {
        if (streams < 1 || chunk < 1) throw new IllegalArgumentException("TextStreams: streams and chunk length must be positive, got " + streams + " and " + chunk);
        this.tokens = tokens;
        this.streams = streams;
        this.chunk = chunk;
        streamLength = (tokens.length - 1) / streams;
        chunks = streamLength / chunk;
        if (chunks < 1)
            throw new IllegalArgumentException("TextStreams: " + tokens.length + " tokens are too few for " + streams + " streams of one chunk of " + chunk
                    + " (+1 target): use a smaller batch or bptt length");
    }

    public int streams() { return streams; }
    public int chunkLength() { return chunk; }
    /** Batches per pass: chunks per stream. */
    public int chunks() { return chunks; }

    @Override public int size() { return streams * chunks; }
    @Override public int[] sampleShape() { return new int[] {chunk}; }
    @Override public int[] targetShape() { return new int[] {chunk}; }
    @Override public DType featureType() { return DType.INT64; }

    private int start(int i) {
        Datasets.checkIndex(this, i);
        return (i % streams) * streamLength + (i / streams) * chunk;
    }

    @Override
    public void copyFeatures(int i, float[] dst, int offset) { throw new UnsupportedOperationException("TextStreams has INT64 features (token ids)"); }

    @Override
    public void copyFeatures(int i, long[] dst, int offset) {
        for (int t = 0, s = start(i); t < chunk; t++) dst[offset + t] = tokens[s + t];
    }

    @Override
    public void copyTarget(int i, long[] dst, int offset) {
        for (int t = 0, s = start(i) + 1; t < chunk; t++) dst[offset + t] = tokens[s + t];
    }

    @Override public long label(int i) { return tokens[start(i) + chunk]; }

    @Override public String toString() { return "TextStreams(tokens=" + tokens.length + ", streams=" + streams + ", chunk=" + chunk + ")"; }
}
