package org.nabla.sequence.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nabla.sequence.LanguageModel;
import org.nabla.sequence.SequenceState;
import org.nabla.tensor.Tensor;

/** Greedy, sampling and beam search over hand-made deterministic language models. */
class DecodingTest {
    /** A trigram model over 4 tokens with seeded random logits. */
    private static TableModel randomTrigram(long seed) {
        Random r = new Random(seed);
        double[][][] t = new double[5][4][4];
        for (double[][] a : t) for (double[] b : a) for (int i = 0; i < b.length; i++) b[i] = 2 * r.nextGaussian();
        return new TableModel(4, (p, c) -> t[p + 1][c]);
    }

    /** The log-probability of {@code tokens} after {@code prompt} under the model, summed token by token. */
    private static double logProbability(TableModel m, long[] prompt, long[] tokens) {
        int prev = prompt.length > 1 ? (int) prompt[prompt.length - 2] : -1, cur = (int) prompt[prompt.length - 1];
        double sum = 0;
        for (long t : tokens) {
            sum += TokenDistribution.logSoftmax(m.table.logits(prev, cur))[(int) t];
            prev = cur;
            cur = (int) t;
        }
        return sum;
    }

    @Test
    void greedyPicksTheArgmaxAtEveryStep() {
        TableModel m = randomTrigram(1);
        Decoded d = Decoding.decode(m, new long[] {2, 0}, 8, DecodeOptions.greedy());
        assertThat(d.length()).isEqualTo(8);
        int prev = 2, cur = 0;
        for (long t : d.tokens()) {
            assertThat(t).isEqualTo(TokenDistribution.argmax(m.table.logits(prev, cur)));
            prev = cur;
            cur = (int) t;
        }
        assertThat(d.logProbability()).isCloseTo(logProbability(m, new long[] {2, 0}, d.tokens()), within(1e-12));
        assertThat(m.calls).as("the prompt in one call, then one call per token but the last").isEqualTo(8);
    }

    @Test
    void greedyStopsAtTheEndToken() {
        // 0 → 1 → 2 → 3 (eos) → ...
        TableModel m = TableModel.bigram(new double[][] {TableModel.logits(0, 1, 0, 0), TableModel.logits(0, 0, 1, 0),
                TableModel.logits(0, 0, 0, 1), TableModel.logits(1, 0, 0, 0)});
        Decoded d = Decoding.decode(m, new long[] {0}, 10, DecodeOptions.greedy().withEos(3));
        assertThat(d.tokens()).containsExactly(1, 2, 3);
        assertThat(d.ended()).isTrue();
        assertThat(d.content()).containsExactly(1, 2);
        assertThat(Decoding.decode(m, new long[] {0}, 10, DecodeOptions.greedy()).length()).isEqualTo(10);
    }

    @Test
    void beamOfWidthOneEqualsGreedy() {
        for (long seed = 0; seed < 20; seed++) {
            TableModel m = randomTrigram(seed);
            for (int eos : new int[] {DecodeOptions.NO_EOS, 3}) {
                Decoded g = Decoding.decode(m, new long[] {1}, 12, DecodeOptions.greedy().withEos(eos));
                Decoded b = Decoding.decode(m, new long[] {1}, 12, DecodeOptions.beam(1).withEos(eos));
                assertThat(b.tokens()).as("seed %d, eos %d", seed, eos).containsExactly(g.tokens());
                assertThat(b.logProbability()).isCloseTo(g.logProbability(), within(1e-12));
                assertThat(b.ended()).isEqualTo(g.ended());
            }
        }
    }

    @Test
    void beamSearchFindsTheSequenceGreedyMisses() {
        // From 0: token 1 (0.55) leads to a flat distribution, token 2 (0.45) to a sure token 3.
        TableModel m = TableModel.bigram(new double[][] {TableModel.logits(0, 0.55, 0.45, 0), TableModel.logits(0.25, 0.25, 0.25, 0.25),
                TableModel.logits(0, 0, 0, 1), TableModel.logits(0.25, 0.25, 0.25, 0.25)});
        Decoded greedy = Decoding.decode(m, new long[] {0}, 2, DecodeOptions.greedy());
        Decoded beam = Decoding.decode(m, new long[] {0}, 2, DecodeOptions.beam(2).withLengthPenalty(0));
        assertThat(greedy.tokens()[0]).isEqualTo(1);
        assertThat(greedy.logProbability()).isCloseTo(Math.log(0.55 * 0.25), within(1e-9));
        assertThat(beam.tokens()).containsExactly(2, 3);
        assertThat(beam.logProbability()).isCloseTo(Math.log(0.45), within(1e-9));
    }

    @Test
    void aWideEnoughBeamIsExhaustiveSearch() {
        // Width 4^2 keeps every prefix of length 2, so the best sequence of length 3 is found; the trigram table
        // makes the logits depend on the state, so a wrong reordering of the beams' states would show.
        for (long seed = 0; seed < 10; seed++) {
            TableModel m = randomTrigram(100 + seed);
            long[] best = null;
            double bestLogP = Double.NEGATIVE_INFINITY;
            for (int s = 0; s < 64; s++) {
                long[] seq = {s / 16, s / 4 % 4, s % 4};
                double lp = logProbability(m, new long[] {3}, seq);
                if (lp > bestLogP) {
                    bestLogP = lp;
                    best = seq;
                }
            }
            List<Decoded> beams = Decoding.beamSearch(m, new long[] {3}, null, 3, DecodeOptions.beam(16).withLengthPenalty(0));
            assertThat(beams.get(0).tokens()).as("seed %d", seed).containsExactly(best);
            assertThat(beams.get(0).logProbability()).isCloseTo(bestLogP, within(1e-9));
            for (Decoded d : beams) assertThat(d.logProbability()).isCloseTo(logProbability(m, new long[] {3}, d.tokens()), within(1e-9));
            assertThat(beams).hasSize(16);
        }
    }

    @Test
    void lengthNormalisationLetsTheLongerHypothesisWin() {
        // Tokens: 0 end, 1 start, 2..5 a chain. After 1: end 0.4 or 2 (0.6); then 2→3→4→5→end each 0.9:
        // log P = log 0.4 = -0.916 (1 token) against log 0.6 + 4 log 0.9 = -0.932 (5 tokens).
        double[][] rows = {TableModel.logits(1, 0, 0, 0, 0, 0), TableModel.logits(0.4, 0, 0.6, 0, 0, 0),
                TableModel.logits(0, 0.05, 0.05, 0.9, 0, 0), TableModel.logits(0, 0.05, 0.05, 0, 0.9, 0),
                TableModel.logits(0, 0.05, 0.05, 0, 0, 0.9), TableModel.logits(0.9, 0.05, 0.05, 0, 0, 0)};
        TableModel m = TableModel.bigram(rows);
        DecodeOptions beam = DecodeOptions.beam(2).withEos(0);
        Decoded plain = Decoding.decode(m, new long[] {1}, 10, beam.withLengthPenalty(0));
        Decoded normalised = Decoding.decode(m, new long[] {1}, 10, beam.withLengthPenalty(1));
        assertThat(plain.tokens()).containsExactly(0);
        assertThat(normalised.tokens()).containsExactly(2, 3, 4, 5, 0);
        assertThat(normalised.score()).isCloseTo(normalised.logProbability() / ((5 + 5) / 6.0), within(1e-12));
    }

    @Test
    void samplingIsReproducibleForASeed() {
        TableModel m = randomTrigram(7);
        DecodeOptions o = DecodeOptions.sample(1, 42);
        long[] a = Decoding.decode(m, new long[] {0}, 50, o).tokens(), b = Decoding.decode(m, new long[] {0}, 50, o).tokens();
        long[] c = Decoding.decode(m, new long[] {0}, 50, o.withSeed(43)).tokens();
        assertThat(a).containsExactly(b);
        assertThat(c).isNotEqualTo(a);
    }

    @Test
    void sampledFrequenciesMatchTheSoftmax() {
        double[] logits = {1.0, 0.2, -0.5, 2.0, 0.0};
        TableModel m = TableModel.constant(logits);
        int n = 40_000;
        long[] tokens = Decoding.decode(m, new long[] {0}, n, DecodeOptions.sample(1, 3)).tokens();
        double[] p = TokenDistribution.filtered(logits, 1, 0, 1), softmax = TokenDistribution.logSoftmax(logits);
        int[] counts = new int[5];
        for (long t : tokens) counts[(int) t]++;
        for (int i = 0; i < 5; i++) {
            assertThat(p[i]).isCloseTo(Math.exp(softmax[i]), within(1e-12));
            // 4.5 standard deviations of a binomial frequency
            assertThat((double) counts[i] / n).as("token %d", i).isCloseTo(p[i], within(4.5 * Math.sqrt(p[i] * (1 - p[i]) / n)));
        }
    }

    @Test
    void temperatureSharpensAndFlattens() {
        double[] logits = {1.0, 0.2, -0.5, 2.0, 0.0};
        double previous = 0;
        for (double t : new double[] {4, 2, 1, 0.5, 0.25, 0.1}) {
            double top = TokenDistribution.filtered(logits, t, 0, 1)[3];
            assertThat(top).isGreaterThan(previous);
            previous = top;
        }
        assertThat(TokenDistribution.filtered(logits, 1000, 0, 1)[2]).isCloseTo(0.2, within(1e-3));
    }

    @Test
    void temperatureNearZeroApproachesGreedy() {
        for (long seed = 0; seed < 5; seed++) {
            TableModel m = randomTrigram(seed);
            long[] greedy = Decoding.decode(m, new long[] {1}, 30, DecodeOptions.greedy()).tokens();
            long[] cold = Decoding.decode(m, new long[] {1}, 30, DecodeOptions.sample(1e-3, seed)).tokens();
            assertThat(cold).containsExactly(greedy);
        }
    }

    @Test
    void topKNeverSamplesOutsideTheKBest() {
        double[] logits = {1.0, 0.2, -0.5, 2.0, 0.0, 1.5};
        TableModel m = TableModel.constant(logits);
        long[] tokens = Decoding.decode(m, new long[] {0}, 5000, DecodeOptions.sample(2, 9).withTopK(3)).tokens();
        int[] counts = new int[6];
        for (long t : tokens) counts[(int) t]++;
        assertThat(counts[0]).isPositive();
        assertThat(counts[3]).isPositive();
        assertThat(counts[5]).isPositive();
        assertThat(counts[0] + counts[3] + counts[5]).isEqualTo(5000);
        double[] p = TokenDistribution.filtered(logits, 2, 3, 1);
        double z = Math.exp(0.5) + Math.exp(1.0) + Math.exp(0.75);
        assertThat(p).containsExactly(new double[] {Math.exp(0.5) / z, 0, 0, Math.exp(1.0) / z, 0, Math.exp(0.75) / z}, within(1e-12));
    }

    @Test
    void topPKeepsTheSmallestSetReachingP() {
        double[] logits = TableModel.logits(0.15, 0.5, 0.05, 0.3);
        assertThat(TokenDistribution.filtered(logits, 1, 0, 0.75)).containsExactly(new double[] {0, 0.5 / 0.8, 0, 0.3 / 0.8}, within(1e-9));
        assertThat(TokenDistribution.filtered(logits, 1, 0, 0.85)).containsExactly(new double[] {0.15 / 0.95, 0.5 / 0.95, 0, 0.3 / 0.95}, within(1e-9));
        assertThat(TokenDistribution.filtered(logits, 1, 0, 0.4)).containsExactly(new double[] {0, 1, 0, 0}, within(1e-12));
        assertThat(TokenDistribution.filtered(logits, 1, 0, 1)).containsExactly(new double[] {0.15, 0.5, 0.05, 0.3}, within(1e-9));
        // top-k first, then top-p within the k kept
        assertThat(TokenDistribution.filtered(logits, 1, 2, 0.6)).containsExactly(new double[] {0, 1, 0, 0}, within(1e-12));
        assertThat(TokenDistribution.filtered(logits, 1, 2, 0.9)).containsExactly(new double[] {0, 0.5 / 0.8, 0, 0.3 / 0.8}, within(1e-9));
        long[] tokens = Decoding.decode(TableModel.constant(logits), new long[] {0}, 3000, DecodeOptions.sample(1, 5).withTopP(0.75)).tokens();
        for (long t : tokens) assertThat(t).isIn(1L, 3L);
    }

    @Test
    void greedyBatchDecodesEveryRowAsGreedyAlone() {
        TableModel m = randomTrigram(11);
        long[][] prompts = {{0, 1}, {2, 2}, {3, 0}};
        long[][] out = Decoding.greedyBatch(m, Tensor.of(new long[] {0, 1, 2, 2, 3, 0}, 3, 2), null, 9, 2);
        for (int r = 0; r < 3; r++) {
            Decoded alone = Decoding.decode(m, prompts[r], 9, DecodeOptions.greedy().withEos(2));
            assertThat(out[r]).as("row %d", r).containsExactly(alone.content());
        }
    }

    @Test
    void badArgumentsAreOneLineMessages() {
        TableModel m = randomTrigram(0);
        assertThatThrownBy(() -> DecodeOptions.beam(0)).hasMessage("beam must be ≥ 1, got 0");
        assertThatThrownBy(() -> DecodeOptions.sample(0, 1)).hasMessage("temperature must be > 0, got 0.0");
        assertThatThrownBy(() -> DecodeOptions.greedy().withTopK(-1)).hasMessage("top-k must be ≥ 0 (0: off), got -1");
        assertThatThrownBy(() -> DecodeOptions.greedy().withTopP(0)).hasMessage("top-p must be in (0, 1], got 0.0");
        assertThatThrownBy(() -> DecodeOptions.greedy().withTopP(1.5)).hasMessage("top-p must be in (0, 1], got 1.5");
        assertThatThrownBy(() -> DecodeOptions.greedy().withLengthPenalty(-1)).hasMessage("length penalty must be ≥ 0, got -1.0");
        assertThatThrownBy(() -> DecodeOptions.greedy().withEos(-2)).hasMessage("eos must be a token id ≥ 0 or -1 (none), got -2");
        assertThatThrownBy(() -> DecodeOptions.Strategy.parse("topk")).hasMessage("strategy must be greedy, sample or beam, got 'topk'");
        assertThat(DecodeOptions.Strategy.parse("Beam")).isEqualTo(DecodeOptions.Strategy.BEAM);
        assertThatThrownBy(() -> Decoding.decode(m, new long[] {0}, 0, DecodeOptions.greedy())).hasMessage("length must be ≥ 1, got 0");
        assertThatThrownBy(() -> Decoding.decode(m, new long[0], 5, DecodeOptions.greedy())).hasMessage("the prompt must hold at least one token");
        assertThatThrownBy(() -> Decoding.decode(m, new long[] {4}, 5, DecodeOptions.greedy())).hasMessage("prompt token 4 is outside the vocabulary of 4 tokens");
        assertThatThrownBy(() -> Decoding.decode(m, new long[] {0}, 5, DecodeOptions.greedy().withEos(9))).hasMessage("eos 9 is outside the vocabulary of 4 tokens");
    }

    /**
     * A deterministic language model for decoding tests: the logits after a token are a fixed function of that token
     * and the one before it ({@code -1} at the start), so the state is each row's last token, and a wrong
     * {@link SequenceState#select} changes the logits.
     */
    static final class TableModel implements LanguageModel {
        /** The logits that follow {@code current} after {@code previous}. */
        interface Table {
            double[] logits(int previous, int current);
        }

        /** Each batch row's last token. */
        record Last(long[] tokens) implements SequenceState {
            public SequenceState detach() { return this; }

            public SequenceState select(Tensor rows) {
                long[] r = rows.toLongArray(), out = new long[r.length];
                for (int i = 0; i < r.length; i++) out[i] = tokens[(int) r[i]];
                return new Last(out);
            }
        }

        final int vocab;
        final Table table;
        int calls;

        TableModel(int vocab, Table table) {
            this.vocab = vocab;
            this.table = table;
        }

        /** Logits that depend on the current token only: row {@code current} of {@code rows}. */
        static TableModel bigram(double[][] rows) { return new TableModel(rows[0].length, (p, c) -> rows[c]); }

        /** The same logits after every token. */
        static TableModel constant(double... logits) { return new TableModel(logits.length, (p, c) -> logits); }

        /** Logits from probabilities: their logs (0 gets a very low logit). */
        static double[] logits(double... probabilities) {
            double[] l = new double[probabilities.length];
            for (int i = 0; i < l.length; i++) l[i] = probabilities[i] > 0 ? Math.log(probabilities[i]) : -50;
            return l;
        }

        @Override public int vocabSize() { return vocab; }

        @Override
        public Output step(Tensor tokens, SequenceState state) {
            calls++;
            int b = tokens.size(0), t = tokens.size(1);
            long[] in = tokens.toLongArray(), last = new long[b];
            double[] out = new double[b * t * vocab];
            for (int r = 0; r < b; r++) {
                long previous = state == null ? -1 : ((Last) state).tokens[r];
                for (int i = 0; i < t; i++) {
                    long current = in[r * t + i];
                    System.arraycopy(table.logits((int) previous, (int) current), 0, out, (r * t + i) * vocab, vocab);
                    previous = current;
                }
                last[r] = previous;
            }
            return new Output(Tensor.of(out, b, t, vocab), new Last(last));
        }
    }
}
