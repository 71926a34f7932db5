package org.nabla.sequence.decode;

import org.nabla.sequence.LanguageModel;
import org.nabla.sequence.SequenceState;
import org.nabla.tensor.Tensor;

/**
 * A deterministic language model for decoding tests: the logits after a token are a fixed function of that token
 * and the one before it ({@code -1} at the start), so the state is each row's last token, and a wrong
 * {@link SequenceState#select} changes the logits.
 */
final class TableModel implements LanguageModel {
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
