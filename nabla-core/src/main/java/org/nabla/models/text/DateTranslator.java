package org.nabla.models.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nabla.data.DataLoader;
import org.nabla.data.HumanDates;
import org.nabla.optim.Adam;
import org.nabla.sequence.decode.DecodeOptions;
import org.nabla.sequence.decode.Decoded;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;
import org.nabla.train.Callback;
import org.nabla.train.Trainer;
import org.nabla.train.gradient.ClipGradNorm;
import org.nabla.train.task.Seq2SeqTask;

/**
 * A {@link Seq2Seq} that translates human-written dates ({@link HumanDates}) to ISO {@code yyyy-MM-dd}: the recipe,
 * the training, exact-match accuracy on held-out dates, translation of a string (greedy or beam) and the attention
 * for a heat map.
 */
public final class DateTranslator {
    /**
     * How to build and train the model.
     *
     * @param embedding  size of both embeddings
     * @param hidden     the encoder's hidden size per direction (the decoder's is twice that)
     * @param attention  additive (Bahdanau) or multiplicative (Luong)
     * @param epochs     passes over the training pairs
     * @param batchSize  pairs per step
     * @param lr         Adam's learning rate
     * @param clipNorm   gradient norm clipping (0: off)
     * @param seed       seeds the weights and the shuffling
     */
    public record Recipe(int embedding, int hidden, Seq2Seq.AttentionKind attention, int epochs, int batchSize, double lr, double clipNorm, long seed) {
        public Recipe {
            if (epochs < 1) throw new IllegalArgumentException("epochs must be ≥ 1, got " + epochs);
            if (batchSize < 1) throw new IllegalArgumentException("batch size must be ≥ 1, got " + batchSize);
            if (!(lr > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + lr);
            if (!(clipNorm >= 0)) throw new IllegalArgumentException("clip norm must be ≥ 0, got " + clipNorm);
        }

        /** The default: embedding 32, 64 units each way, additive attention, 3 epochs of batch 64, Adam 3e-3, clip 1 (≥ 99% exact match after one). */
        public static Recipe defaults() { return new Recipe(32, 64, Seq2Seq.AttentionKind.ADDITIVE, 3, 64, 3e-3, 1.0, 0); }

        public Recipe withEpochs(int e) { return new Recipe(embedding, hidden, attention, e, batchSize, lr, clipNorm, seed); }

        public Recipe withAttention(Seq2Seq.AttentionKind a) { return new Recipe(embedding, hidden, a, epochs, batchSize, lr, clipNorm, seed); }

        public Recipe withSizes(int e, int h) { return new Recipe(e, h, attention, epochs, batchSize, lr, clipNorm, seed); }

        public Recipe withSeed(long s) { return new Recipe(embedding, hidden, attention, epochs, batchSize, lr, clipNorm, s); }

        public Recipe withBatch(int b, double l) { return new Recipe(embedding, hidden, attention, epochs, b, l, clipNorm, seed); }

        /** The model's configuration for the dates' vocabularies. */
        public Seq2Seq.Config config(HumanDates dates) {
            return new Seq2Seq.Config(dates.inputVocabulary().size(), HumanDates.outputVocabulary().size(), embedding, hidden, true, attention, hidden,
                    HumanDates.PAD);
        }
    }

    private final HumanDates dates;
    private final Seq2Seq model;

    public DateTranslator(HumanDates dates, Seq2Seq model) {
        this.dates = dates;
        this.model = model;
    }

    /** A fresh model for {@code dates}, initialised from the recipe's seed. */
    public static DateTranslator create(HumanDates dates, Recipe recipe) {
        return new DateTranslator(dates, new Seq2Seq(recipe.config(dates), new Generator(recipe.seed())));
    }

    public Seq2Seq model() { return model; }

    public HumanDates dates() { return dates; }

    /** The task the trainer runs: teacher-forced cross-entropy, greedy exact match in evaluation. */
    public Seq2SeqTask task(Adam optimizer) { return new Seq2SeqTask(model, optimizer, HumanDates.PAD, HumanDates.START, HumanDates.END); }

    /** A trainer over the training pairs (shuffled by the recipe's seed), validated on the test pairs each epoch. */
    public Trainer trainer(Recipe recipe, Callback... callbacks) {
        Trainer.Builder b = builder(recipe);
        for (Callback c : callbacks) b.callback(c);
        return b.build();
    }

    /** {@link #trainer}'s builder, to add callbacks, metadata or a schedule before building it. */
    public Trainer.Builder builder(Recipe recipe) {
        Adam adam = new Adam(model.parameters(), Adam.Options.defaults().withLr(recipe.lr()));
        Trainer.Builder b = Trainer.builder(task(adam))
                .train(DataLoader.builder(dates.trainDataset()).batchSize(recipe.batchSize()).shuffle(recipe.seed()).build())
                .validation(DataLoader.builder(dates.testDataset()).batchSize(500).build()).name("seq2seq-dates");
        if (recipe.clipNorm() > 0) b.gradientTransform(new ClipGradNorm(recipe.clipNorm()));
        return b;
    }

    /** Trains for the recipe's epochs; the logs of each epoch (val_exact_match: greedy decoding on the test pairs). */
    public List<Map<String, Double>> train(Recipe recipe, Callback... callbacks) { return trainer(recipe, callbacks).fit(recipe.epochs()); }

    /** The fraction of {@code examples} whose greedy translation is exactly their ISO date. */
    public double exactMatch(List<HumanDates.Example> examples) {
        model.eval();
        int correct = 0, chunk = 500;
        for (int from = 0; from < examples.size(); from += chunk) {
            List<HumanDates.Example> part = examples.subList(from, Math.min(examples.size(), from + chunk));
            List<String> out = translations(part);
            for (int i = 0; i < part.size(); i++) if (out.get(i).equals(part.get(i).iso())) correct++;
        }
        return examples.isEmpty() ? Double.NaN : (double) correct / examples.size();
    }

    /** Greedy translations of several strings at once. */
    public List<String> translations(List<HumanDates.Example> examples) {
        int n = examples.size(), len = dates.inputLength();
        long[] src = new long[n * len];
        for (int i = 0; i < n; i++) System.arraycopy(dates.encodeInput(examples.get(i).human()), 0, src, i * len, len);
        model.eval();
        long[][] out = model.greedy(Tensor.of(src, n, len), HumanDates.START, HumanDates.END, HumanDates.OUTPUT_LENGTH);
        List<String> result = new ArrayList<>(n);
        for (long[] row : out) result.add(HumanDates.decodeOutput(row));
        return result;
    }

    /** One string translated with {@code options} (greedy, beam...): the output characters before the end token. */
    public String translate(String human, DecodeOptions options) {
        model.eval();
        Decoded d = model.translate(dates.encodeInput(human), HumanDates.START, HumanDates.OUTPUT_LENGTH, options.withEos(HumanDates.END));
        return HumanDates.decodeOutput(d.tokens());
    }

    /** Greedy translation of one string. */
    public String translate(String human) { return translate(human, DecodeOptions.greedy()); }

    /** What the decoder looked at: weights [output chars][source chars] while writing {@code output} from {@code source}. */
    public record Alignment(String source, String output, double[][] weights) {}

    /** The attention while the model writes its own greedy translation of {@code human} (rows: the output characters). */
    public Alignment alignment(String human) {
        String output = translate(human);
        long[] source = Arrays.copyOf(dates.encodeInput(human), human.length());
        int[] ids = HumanDates.outputVocabulary().encode(output);
        if (ids.length == 0) return new Alignment(human, output, new double[0][]);
        long[] decoderInput = new long[ids.length];
        decoderInput[0] = HumanDates.START;
        for (int i = 1; i < ids.length; i++) decoderInput[i] = ids[i - 1];
        return new Alignment(human, output, model.attention(source, decoderInput));
    }
}
