package org.nabla.sequence.decode;

import java.util.Locale;

/**
 * How {@link Decoding} picks tokens.
 *
 * @param strategy      greedy (the most likely token), sample (drawn from the softmax) or beam search
 * @param temperature   logits are divided by it before sampling (&gt; 0; below 1 sharpens, above 1 flattens)
 * @param topK          sampling keeps only the k most likely tokens (0: all)
 * @param topP          nucleus sampling keeps the smallest set of most likely tokens whose probability reaches p
 *                      (1: all)
 * @param beam          beam width (beam search)
 * @param lengthPenalty GNMT's length normalisation exponent α: a hypothesis of n generated tokens (its end token
 *                      included) scores log P / ((5 + n) / 6)^α; 0 ranks by log P alone, larger favours longer ones
 * @param eos           the end-of-sequence token that ends a hypothesis, or {@link #NO_EOS}
 * @param seed          seeds the sampler's {@link org.nabla.tensor.Generator}
 */
public record DecodeOptions(Strategy strategy, double temperature, int topK, double topP, int beam, double lengthPenalty, int eos, long seed) {
    /** No end-of-sequence token: every hypothesis runs to the requested length. */
    public static final int NO_EOS = -1;

    public enum Strategy {
        GREEDY, SAMPLE, BEAM;

        /** "greedy", "sample" or "beam". */
        public static Strategy parse(String name) {
            for (Strategy s : values()) if (s.name().equalsIgnoreCase(name)) return s;
            throw new IllegalArgumentException("strategy must be greedy, sample or beam, got '" + name + "'");
        }

        @Override public String toString() { return name().toLowerCase(Locale.ROOT); }
    }

    public DecodeOptions {
        if (strategy == null) throw new IllegalArgumentException("strategy must be greedy, sample or beam, got null");
        if (!(temperature > 0) || Double.isInfinite(temperature)) throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        if (topK < 0) throw new IllegalArgumentException("top-k must be ≥ 0 (0: off), got " + topK);
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
        if (beam < 1) throw new IllegalArgumentException("beam must be ≥ 1, got " + beam);
        if (!(lengthPenalty >= 0) || Double.isInfinite(lengthPenalty)) throw new IllegalArgumentException("length penalty must be ≥ 0, got " + lengthPenalty);
        if (eos < NO_EOS) throw new IllegalArgumentException("eos must be a token id ≥ 0 or " + NO_EOS + " (none), got " + eos);
    }

    /** The most likely token at each step. */
    public static DecodeOptions greedy() { return new DecodeOptions(Strategy.GREEDY, 1, 0, 1, 1, 0, NO_EOS, 0); }

    /** Plain sampling from softmax(logits / temperature). */
    public static DecodeOptions sample(double temperature, long seed) { return greedy().withStrategy(Strategy.SAMPLE).withTemperature(temperature).withSeed(seed); }

    /** Beam search of width {@code beam}, GNMT length normalisation with α = 0.6 (its paper's value). */
    public static DecodeOptions beam(int beam) { return greedy().withStrategy(Strategy.BEAM).withBeam(beam).withLengthPenalty(0.6); }

    public DecodeOptions withStrategy(Strategy s) { return new DecodeOptions(s, temperature, topK, topP, beam, lengthPenalty, eos, seed); }

    public DecodeOptions withTemperature(double t) { return new DecodeOptions(strategy, t, topK, topP, beam, lengthPenalty, eos, seed); }

    public DecodeOptions withTopK(int k) { return new DecodeOptions(strategy, temperature, k, topP, beam, lengthPenalty, eos, seed); }

    public DecodeOptions withTopP(double p) { return new DecodeOptions(strategy, temperature, topK, p, beam, lengthPenalty, eos, seed); }

    public DecodeOptions withBeam(int b) { return new DecodeOptions(strategy, temperature, topK, topP, b, lengthPenalty, eos, seed); }

    public DecodeOptions withLengthPenalty(double a) { return new DecodeOptions(strategy, temperature, topK, topP, beam, a, eos, seed); }

    public DecodeOptions withEos(int e) { return new DecodeOptions(strategy, temperature, topK, topP, beam, lengthPenalty, e, seed); }

    public DecodeOptions withSeed(long s) { return new DecodeOptions(strategy, temperature, topK, topP, beam, lengthPenalty, eos, s); }

    /** GNMT's length normalisation of a hypothesis of {@code n} tokens: ((5 + n) / 6)^α. */
    public double lengthNorm(int n) { return lengthPenalty == 0 ? 1 : Math.pow((5.0 + n) / 6.0, lengthPenalty); }
}
