package org.nabla.train.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nabla.data.Batch;
import org.nabla.data.CharVocabulary;
import org.nabla.data.DataLoader;
import org.nabla.data.TextStreams;
import org.nabla.nn.Embedding;
import org.nabla.nn.Linear;
import org.nabla.nn.Module;
import org.nabla.nn.Submodule;
import org.nabla.nn.functional.F;
import org.nabla.optim.Adam;
import org.nabla.optim.SGD;
import org.nabla.sequence.LanguageModel;
import org.nabla.sequence.SequenceState;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.train.StepContext;
import org.nabla.train.Trainer;
import org.nabla.train.gradient.GradientChain;

/**
 * Truncated BPTT: carrying the state without detaching is the unrolled graph (same gradients as one long chunk);
 * detaching stops the gradient at the chunk boundary; the task trains a recurrent model over streams.
 */
class LanguageModelTaskTest {
    /** h_t = tanh(W_ih e_t + W_hh h_{t-1}): a minimal recurrent language model for these tests. */
    static final class Elman extends Module implements LanguageModel {
        record Hidden(Tensor h) implements SequenceState {
            public SequenceState detach() { return new Hidden(h.detach()); }
            public SequenceState select(Tensor rows) { return new Hidden(h.indexSelect(0, rows)); }
        }

        final int vocab, hidden;
        final Submodule<Embedding> emb;
        final Submodule<Linear> ih, hh, out;

        Elman(int vocab, int hidden, Generator g) {
            this.vocab = vocab;
            this.hidden = hidden;
            emb = registerModule("emb", Embedding.class, new Embedding(vocab, 8, null, g));
            ih = registerModule("ih", Linear.class, new Linear(8, hidden, true, g));
            hh = registerModule("hh", Linear.class, new Linear(hidden, hidden, false, g));
            out = registerModule("out", Linear.class, new Linear(hidden, vocab, true, g));
        }

        @Override public int vocabSize() { return vocab; }

        @Override public Output step(Tensor tokens, SequenceState state) { return invoke(() -> run(tokens, state), tokens); }

        @Override public Tensor forward(Tensor tokens) { return run(tokens, null).logits(); }

        private Output run(Tensor tokens, SequenceState state) {
            Tensor e = emb.get().call(tokens);
            Tensor h = state == null ? Tensor.zeros(tokens.size(0), hidden) : ((Hidden) state).h();
            List<Tensor> hs = new ArrayList<>();
            for (int t = 0; t < tokens.size(1); t++) hs.add(h = ih.get().call(e.select(1, t)).add(hh.get().call(h)).tanh());
            return new Output(out.get().call(Tensor.stack(hs, 1)), new Hidden(h));
        }
    }

    private static final Tensor FIRST = Tensor.of(new long[] {0, 1, 2, 1}, 1, 4), SECOND = Tensor.of(new long[] {3, 4, 3, 4}, 1, 4);
    private static final Tensor TARGET = Tensor.of(new long[] {4, 3, 4, 3}, 1, 4);

    /** The gradient of the second chunk's loss on the embedding, the second chunk run after the first with this state. */
    private static Tensor embeddingGrad(Elman m, boolean detach) {
        m.zeroGrad();
        SequenceState s = m.step(FIRST, null).state();
        Tensor logits = m.step(SECOND, detach ? s.detach() : s).logits();
        F.crossEntropy(logits.reshape(-1, 5), TARGET.reshape(-1)).backward();
        return m.emb.get().weight.grad().copy();
    }

    @Test
    void fullBpttIsTheUnrolledGraphAndTruncatedStopsAtTheBoundary() {
        Elman m = new Elman(5, 6, new Generator(1));
        // The unrolled graph: both chunks in one call, the loss on the second half's positions.
        m.zeroGrad();
        Tensor logits = m.step(Tensor.cat(List.of(FIRST, SECOND), 1), null).logits().narrow(1, 4, 4);
        F.crossEntropy(logits.reshape(-1, 5), TARGET.reshape(-1)).backward();
        Tensor unrolled = m.emb.get().weight.grad().copy();

        Tensor carried = embeddingGrad(m, false), truncated = embeddingGrad(m, true);
        assertThat(carried.toDoubleArray()).containsExactly(unrolled.toDoubleArray(), within(1e-6));
        // Tokens 0, 1 and 2 occur only in the first chunk: their embedding rows get gradient through the carried
        // state, none once it is detached.
        for (int tok = 0; tok < 3; tok++) {
            assertThat(carried.select(0, tok).abs().sum().item()).isGreaterThan(1e-6);
            assertThat(truncated.select(0, tok).abs().sum().item()).isZero();
        }
        assertThat(truncated.select(0, 3).toDoubleArray()).containsExactly(carried.select(0, 3).toDoubleArray(), within(0.5));
    }

    @Test
    void theTaskDetachesBetweenBatchesAndStartsEachEpochAfresh() {
        Elman m = new Elman(5, 6, new Generator(1));
        LanguageModelTask task = new LanguageModelTask(m, new SGD(m.parameters(), 1e-30), true);
        StepContext ctx = new StepContext(new GradientChain());
        ctx.begin(1, 1, 1);
        task.trainStep(new Batch(FIRST, TARGET), ctx);
        ctx.begin(1, 2, 2);
        task.trainStep(new Batch(SECOND, TARGET), ctx);
        assertThat(m.emb.get().weight.grad().toDoubleArray()).containsExactly(embeddingGrad(m, true).toDoubleArray(), within(1e-7));
        // Batch 1 of an epoch starts from the zero state: the same gradient as the second chunk run alone.
        ctx.begin(2, 1, 3);
        task.trainStep(new Batch(SECOND, TARGET), ctx);
        Tensor fresh = m.emb.get().weight.grad().copy();
        m.zeroGrad();
        F.crossEntropy(m.step(SECOND, null).logits().reshape(-1, 5), TARGET.reshape(-1)).backward();
        assertThat(fresh.toDoubleArray()).containsExactly(m.emb.get().weight.grad().toDoubleArray(), within(1e-7));
    }

    @Test
    void trainsOverStreamsWithPerplexityTheExpOfTheLoss() {
        String text = "to be or not to be that is the question. ".repeat(40);
        CharVocabulary v = CharVocabulary.of(text);
        int[] ids = v.encode(text);
        TextStreams train = new TextStreams(ids, 4, 16), val = new TextStreams(ids, 2, 16);
        Elman m = new Elman(v.size(), 32, new Generator(7));
        LanguageModelTask task = new LanguageModelTask(m, new Adam(m.parameters(), Adam.Options.defaults().withLr(0.02)), true);
        Trainer t = Trainer.builder(task).train(DataLoader.builder(train).batchSize(4).build())
                .validation(DataLoader.builder(val).batchSize(2).build()).build();
        List<Map<String, Double>> logs = t.fit(6);
        assertThat(logs.getLast().get("val_loss")).isLessThan(logs.getFirst().get("val_loss")).isLessThan(0.8);
        assertThat(logs.getLast().get("val_accuracy")).isGreaterThan(0.75);
        for (Map<String, Double> l : logs) assertThat(l.get("val_perplexity")).isCloseTo(Math.exp(l.get("val_loss")), within(1e-4 * l.get("val_perplexity")));
    }
}
