package org.nabla.sequence.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.nabla.autograd.GradMode;
import org.nabla.sequence.LanguageModel;
import org.nabla.sequence.SequenceState;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * Generates tokens from a {@link LanguageModel}: the prompt is fed in one call, then one token per call, the state
 * carried along. Greedy and sampling run a batch of one; beam search keeps its hypotheses as batch rows and reorders
 * the state with {@link SequenceState#select}. Runs without recording the graph; put modules with dropout in
 * evaluation mode first.
 *
 * <pre>{@code
 * Decoded d = Decoding.decode(model, prompt, 300, DecodeOptions.sample(0.8, 1).withTopK(40));
 * }</pre>
 */
public final class Decoding {
    private Decoding() {}

    /** {@code length} tokens (fewer when the end token comes first) after {@code prompt}, from the start of a sequence. */
    public static Decoded decode(LanguageModel model, long[] prompt, int length, DecodeOptions options) {
        return decode(model, prompt, null, length, options);
    }

    /**
     * {@code length} tokens after {@code prompt}, fed after {@code state} (a batch of one; null: the start of a
     * sequence; a seq2seq decoder's state holds its encoder's memory): the best hypothesis for beam search.
     */
    public static Decoded decode(LanguageModel model, long[] prompt, SequenceState state, int length, DecodeOptions options) {
        return switch (options.strategy()) {
            case BEAM -> beamSearch(model, prompt, state, length, options).get(0);
            case GREEDY, SAMPLE -> oneByOne(model, prompt, state, length, options);
        };
    }

    /** Beam search's final hypotheses, best score first (at most {@code options.beam()} ended ones plus those alive). */
    public static List<Decoded> beamSearch(LanguageModel model, long[] prompt, SequenceState state, int length, DecodeOptions options) {
        check(model, prompt, length, options);
        try (var s = GradMode.noGrad()) {
            return new BeamSearch(model, options).run(prompt, state, length);
        }
    }

    /**
     * Greedy decoding of a whole batch at once (evaluation): {@code prompts} [B, T] int64 after {@code state} (its B
     * rows, or null), {@code length} tokens per row; a row stops at {@code eos} (its tokens end there, the end token
     * excluded). Row b of the result is row b's tokens.
     */
    public static long[][] greedyBatch(LanguageModel model, Tensor prompts, SequenceState state, int length, int eos) {
        if (prompts.dim() != 2 || prompts.size(1) < 1)
            throw new IllegalArgumentException("prompts must be [B, T] with T ≥ 1, got " + Arrays.toString(prompts.shape()));
        checkLength(length);
        int b = prompts.size(0);
        long[][] out = new long[b][];
        int[] ends = new int[b];
        Arrays.fill(ends, length);
        long[] tokens = new long[b * length];
        try (var s = GradMode.noGrad()) {
            LanguageModel.Output o = model.step(prompts, state);
            for (int t = 0; t < length; t++) {
                double[] logits = lastLogits(model, o.logits(), b);
                long[] next = new long[b];
                boolean all = true;
                for (int r = 0; r < b; r++) {
                    double[] row = Arrays.copyOfRange(logits, r * model.vocabSize(), (r + 1) * model.vocabSize());
                    next[r] = TokenDistribution.argmax(row);
                    tokens[r * length + t] = next[r];
                    if (next[r] == eos && ends[r] > t) ends[r] = t;
                    all &= ends[r] < length;
                }
                if (all || t == length - 1) break;
                o = model.step(Tensor.of(next, b, 1), o.state());
            }
        }
        for (int r = 0; r < b; r++) out[r] = Arrays.copyOfRange(tokens, r * length, r * length + ends[r]);
        return out;
    }

    private static Decoded oneByOne(LanguageModel model, long[] prompt, SequenceState state, int length, DecodeOptions options) {
        check(model, prompt, length, options);
        Generator gen = new Generator(options.seed());
        long[] out = new long[length];
        double logP = 0;
        int n = 0;
        boolean ended = false;
        try (var s = GradMode.noGrad()) {
            LanguageModel.Output o = model.step(Tensor.of(prompt, 1, prompt.length), state);
            while (true) {
                double[] logits = lastLogits(model, o.logits(), 1);
                int token = options.strategy() == DecodeOptions.Strategy.GREEDY ? TokenDistribution.argmax(logits)
                        : TokenDistribution.draw(TokenDistribution.filtered(logits, options.temperature(), options.topK(), options.topP()), gen);
                logP += TokenDistribution.logSoftmax(logits)[token];
                out[n++] = token;
                ended = token == options.eos();
                if (ended || n == length) break;
                o = model.step(Tensor.of(new long[] {token}, 1, 1), o.state());
            }
        }
        return new Decoded(Arrays.copyOf(out, n), logP, logP / options.lengthNorm(n), ended);
    }

    /** The logits of the last position, [rows, vocab] flattened, checked against the model's vocabulary. */
    static double[] lastLogits(LanguageModel model, Tensor logits, int rows) {
        if (logits.dim() != 3 || logits.size(0) != rows || logits.size(2) != model.vocabSize())
            throw new IllegalStateException("the language model returned logits " + Arrays.toString(logits.shape()) + ", expected [" + rows + ", T, "
                    + model.vocabSize() + "]");
        return logits.select(1, logits.size(1) - 1).toDoubleArray();
    }

    private static void check(LanguageModel model, long[] prompt, int length, DecodeOptions options) {
        checkLength(length);
        if (prompt.length == 0) throw new IllegalArgumentException("the prompt must hold at least one token");
        int v = model.vocabSize();
        for (long t : prompt)
            if (t < 0 || t >= v) throw new IllegalArgumentException("prompt token " + t + " is outside the vocabulary of " + v + " tokens");
        if (options.eos() >= v) throw new IllegalArgumentException("eos " + options.eos() + " is outside the vocabulary of " + v + " tokens");
    }

    private static void checkLength(int length) {
        if (length < 1) throw new IllegalArgumentException("length must be ≥ 1, got " + length);
    }

    /** Beam search over batch rows; hypotheses ranked by {@link DecodeOptions#lengthNorm}-normalised log-probability. */
    private static final class BeamSearch {
        private final LanguageModel model;
        private final DecodeOptions options;
        private final int width, vocab;

        /** A hypothesis: its tokens, log-probability and whether the end token closed it. */
        private record Hypothesis(long[] tokens, double logP, boolean ended) {}

        BeamSearch(LanguageModel model, DecodeOptions options) {
            this.model = model;
            this.options = options;
            width = options.beam();
            vocab = model.vocabSize();
        }

        /**
         * Each step extends every live hypothesis by every token and keeps the {@code width} best extensions by
         * log-probability that do not end; those that end (with the end token) and rank among them are set aside.
         * The search stops once {@code width} hypotheses have ended (as Hugging Face's {@code early_stopping=True})
         * or at {@code length} tokens; ended and live hypotheses are then ranked by their normalised score.
         */
        List<Decoded> run(long[] prompt, SequenceState state, int length) {
            List<Hypothesis> alive = List.of(new Hypothesis(new long[0], 0, false)), ended = new ArrayList<>();
            LanguageModel.Output o = model.step(Tensor.of(prompt, 1, prompt.length), state);
            for (int t = 0; t < length; t++) {
                double[] logits = lastLogits(model, o.logits(), alive.size());
                int candidates = alive.size() * vocab;
                double[] score = new double[candidates];
                for (int b = 0; b < alive.size(); b++) {
                    double[] logp = TokenDistribution.logSoftmax(Arrays.copyOfRange(logits, b * vocab, (b + 1) * vocab));
                    for (int v = 0; v < vocab; v++) score[b * vocab + v] = alive.get(b).logP + logp[v];
                }
                Integer[] order = new Integer[candidates];
                for (int i = 0; i < candidates; i++) order[i] = i;
                Arrays.sort(order, (a, c) -> score[a] != score[c] ? Double.compare(score[c], score[a]) : Integer.compare(a, c));
                List<Hypothesis> next = new ArrayList<>();
                long[] parents = new long[width], last = new long[width];
                for (int i = 0; i < candidates && next.size() < width; i++) {
                    int b = order[i] / vocab, v = order[i] % vocab;
                    long[] tokens = Arrays.copyOf(alive.get(b).tokens, t + 1);
                    tokens[t] = v;
                    if (v == options.eos()) {
                        ended.add(new Hypothesis(tokens, score[order[i]], true));
                    } else {
                        parents[next.size()] = b;
                        last[next.size()] = v;
                        next.add(new Hypothesis(tokens, score[order[i]], false));
                    }
                }
                alive = next;
                if (ended.size() >= width || alive.isEmpty() || t == length - 1) break;
                int rows = alive.size();
                SequenceState reordered = o.state() == null ? null : o.state().select(Tensor.of(Arrays.copyOf(parents, rows), rows));
                o = model.step(Tensor.of(Arrays.copyOf(last, rows), rows, 1), reordered);
            }
            List<Decoded> all = new ArrayList<>();
            for (Hypothesis h : ended) all.add(decoded(h));
            for (Hypothesis h : alive) all.add(decoded(h));
            all.sort(Comparator.comparingDouble(Decoded::score).reversed()); // stable: ended first among equals
            return all;
        }

        private Decoded decoded(Hypothesis h) { return new Decoded(h.tokens, h.logP, h.logP / options.lengthNorm(h.tokens.length), h.ended); }
    }
}
