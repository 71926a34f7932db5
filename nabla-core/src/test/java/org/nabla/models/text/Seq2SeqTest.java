package org.nabla.models.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nabla.autograd.GradMode;
import org.nabla.sequence.LanguageModel;
import org.nabla.sequence.SequenceState;
import org.nabla.sequence.decode.DecodeOptions;
import org.nabla.sequence.decode.Decoded;
import org.nabla.sequence.decode.Decoding;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/** The encoder–decoder's shapes, masking, and the agreement of its teacher-forced and step-by-step decoders. */
class Seq2SeqTest {
    private static final int SOURCE_VOCAB = 9, TARGET_VOCAB = 7;
    /** Two rows, the second padded (0) after two tokens. */
    private static final Tensor SOURCE = Tensor.of(new long[] {3, 1, 4, 1, 5, 2, 6, 5, 0, 0, 0, 0}, 2, 6);
    private static final Tensor DECODER_INPUT = Tensor.of(new long[] {1, 4, 5, 6, 3, 1, 2, 2, 3, 4}, 2, 5);

    private static Seq2Seq model(Seq2Seq.AttentionKind kind) {
        return new Seq2Seq(Seq2Seq.Config.of(SOURCE_VOCAB, TARGET_VOCAB, 8, 6).withAttention(kind).withAttentionSize(5), new Generator(7));
    }

    @ParameterizedTest
    @EnumSource(Seq2Seq.AttentionKind.class)
    void logitsAndAttentionHaveTheirShapesAndThePaddingGetsNoAttention(Seq2Seq.AttentionKind kind) {
        Seq2Seq.Output out = model(kind).call(SOURCE, DECODER_INPUT);
        assertThat(out.logits().shape()).containsExactly(2, 5, TARGET_VOCAB);
        assertThat(out.attention().shape()).containsExactly(2, 5, 6);
        double[] w = out.attention().toDoubleArray();
        for (int b = 0; b < 2; b++)
            for (int t = 0; t < 5; t++) {
                double sum = 0;
                for (int s = 0; s < 6; s++) sum += w[(b * 5 + t) * 6 + s];
                assertThat(sum).isCloseTo(1, within(1e-5));
                if (b == 1) for (int s = 2; s < 6; s++) assertThat(w[(b * 5 + t) * 6 + s]).isZero();
            }
        out.logits().sum().backward(); // the graph reaches every parameter
    }

    @ParameterizedTest
    @EnumSource(Seq2Seq.AttentionKind.class)
    void extraPaddingChangesNothing(Seq2Seq.AttentionKind kind) {
        Seq2Seq m = model(kind);
        Tensor padded = Tensor.cat(List.of(SOURCE, Tensor.zeros(org.nabla.tensor.DType.INT64, 2, 4)), 1);
        try (var g = GradMode.noGrad()) {
            assertThat(m.call(padded, DECODER_INPUT).logits().toFloatArray()).containsExactly(m.call(SOURCE, DECODER_INPUT).logits().toFloatArray(),
                    within(1e-5f));
            // the second row alone, without its padding, reads the same
            Tensor alone = Tensor.of(new long[] {6, 5}, 1, 2);
            float[] both = m.call(SOURCE, DECODER_INPUT).logits().select(0, 1).toFloatArray();
            assertThat(m.call(alone, DECODER_INPUT.narrow(0, 1, 1)).logits().select(0, 0).toFloatArray()).containsExactly(both, within(1e-5f));
        }
    }

    @ParameterizedTest
    @EnumSource(Seq2Seq.AttentionKind.class)
    void theBoundDecoderStepByStepGivesTheTeacherForcedLogits(Seq2Seq.AttentionKind kind) {
        Seq2Seq m = model(kind);
        try (var g = GradMode.noGrad()) {
            float[] forced = m.call(SOURCE, DECODER_INPUT).logits().toFloatArray();
            LanguageModel decoder = m.decoder(m.encode(SOURCE));
            assertThat(decoder.vocabSize()).isEqualTo(TARGET_VOCAB);
            SequenceState state = null;
            List<Tensor> steps = new ArrayList<>();
            for (int t = 0; t < 5; t++) {
                LanguageModel.Output o = decoder.step(DECODER_INPUT.narrow(1, t, 1), state);
                steps.add(o.logits());
                state = t == 2 ? o.state().detach() : o.state();
            }
            assertThat(Tensor.cat(steps, 1).toFloatArray()).containsExactly(forced, within(1e-5f));
            // the state's rows reordered: row 1's continuation from row 1's state
            SequenceState swapped = decoder.step(DECODER_INPUT.narrow(1, 0, 1), null).state().select(Tensor.of(new long[] {1, 1, 0}, 3));
            Tensor next = decoder.step(Tensor.of(new long[] {4, 2, 4}, 3, 1), swapped).logits();
            float[] expected = m.call(SOURCE, DECODER_INPUT).logits().select(0, 1).select(0, 1).toFloatArray();
            assertThat(next.select(0, 1).select(0, 0).toFloatArray()).containsExactly(expected, within(1e-5f));
        }
    }

    @Test
    void greedyOfABatchIsGreedyOfEachRowAndABeamOfOneAgrees() {
        Seq2Seq m = model(Seq2Seq.AttentionKind.ADDITIVE);
        long[][] batch = m.greedy(SOURCE, 1, 2, 6);
        long[][] rows = {{3, 1, 4, 1, 5, 2}, {6, 5, 0, 0, 0, 0}};
        for (int r = 0; r < 2; r++) {
            Decoded greedy = m.translate(rows[r], 1, 6, DecodeOptions.greedy().withEos(2));
            Decoded beam = m.translate(rows[r], 1, 6, DecodeOptions.beam(1).withEos(2));
            assertThat(greedy.content()).as("row %d", r).containsExactly(batch[r]);
            assertThat(beam.tokens()).containsExactly(greedy.tokens());
        }
        // a wider beam never scores below greedy (length penalty 0: raw log-probabilities)
        Decoded greedy = m.translate(rows[0], 1, 6, DecodeOptions.greedy());
        Decoded wide = m.translate(rows[0], 1, 6, DecodeOptions.beam(4).withLengthPenalty(0));
        assertThat(wide.logProbability()).isGreaterThanOrEqualTo(greedy.logProbability() - 1e-9);
        try (var g = GradMode.noGrad()) {
            Seq2Seq.Memory memory = m.encode(Tensor.of(rows[0], 1, 6));
            assertThat(Decoding.decode(m.decoder(memory), new long[] {1}, 6, DecodeOptions.greedy()).tokens()).containsExactly(greedy.tokens());
        }
    }

    @Test
    void badInputIsRefusedInOneLine() {
        Seq2Seq m = model(Seq2Seq.AttentionKind.ADDITIVE);
        assertThatThrownBy(() -> m.call(Tensor.of(new long[] {3, 0, 0, 0}, 2, 2), Tensor.of(new long[] {1, 1}, 2, 1)))
                .hasMessageContaining("Seq2Seq: source row 1 is empty (all padding)");
        assertThatThrownBy(() -> m.encode(Tensor.zeros(3, 4))).hasMessageContaining("Seq2Seq: the source must be token ids [B, S], got float32 [3, 4]");
        assertThatThrownBy(() -> Seq2Seq.Config.of(9, 7, 0, 6)).hasMessage("Seq2Seq: embedding, hidden and attention sizes must be ≥ 1, got 0, 6 and 6");
        assertThatThrownBy(() -> Seq2Seq.AttentionKind.parse("dot")).hasMessage("attention must be additive (bahdanau) or multiplicative (luong), got 'dot'");
        assertThat(Seq2Seq.AttentionKind.parse("Luong")).isEqualTo(Seq2Seq.AttentionKind.MULTIPLICATIVE);
        assertThat(m.toString()).contains("attention=additive");
    }
}
