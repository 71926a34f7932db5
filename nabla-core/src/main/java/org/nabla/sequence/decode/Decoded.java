package org.nabla.sequence.decode;

/**
 * One decoded continuation.
 *
 * @param tokens         the generated tokens, the prompt excluded, the end token included when it ended one
 * @param logProbability their log-probability under the model (its softmax at temperature 1, unfiltered)
 * @param score          {@code logProbability} divided by the length normalisation ({@link DecodeOptions#lengthNorm})
 * @param ended          whether it ended with the end-of-sequence token (else it ran to the requested length)
 */
public record Decoded(long[] tokens, double logProbability, double score, boolean ended) {
    public Decoded {
        tokens = tokens.clone();
    }

    @Override
    public long[] tokens() { return tokens.clone(); }

    public int length() { return tokens.length; }

    /** The tokens without the end token. */
    public long[] content() { return java.util.Arrays.copyOf(tokens, ended ? tokens.length - 1 : tokens.length); }

    @Override
    public String toString() { return "Decoded(" + java.util.Arrays.toString(tokens) + ", logP=" + logProbability + ", score=" + score + (ended ? ", ended" : "") + ")"; }
}
