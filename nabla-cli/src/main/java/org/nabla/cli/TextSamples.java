package org.nabla.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.nabla.data.CharVocabulary;
import org.nabla.io.AtomicFiles;
import org.nabla.nn.Module;
import org.nabla.sequence.LanguageModel;
import org.nabla.sequence.decode.Decoding;
import org.nabla.sequence.decode.DecodeOptions;
import org.nabla.train.Callback;
import org.nabla.train.TrainContext;

/**
 * After each epoch, what the language model writes: {@link #LENGTH} characters sampled at temperature
 * {@link #TEMPERATURE} after a newline, appended to samples.txt under the epoch and its validation loss (the file
 * is rewritten whole, atomically). Sampling uses its own seeded generator, so the run's random stream is untouched.
 */
final class TextSamples implements Callback {
    static final int LENGTH = 300;
    static final double TEMPERATURE = 0.8;

    private final Module module;
    private final CharVocabulary vocab;
    private final Path file;
    private final long seed;
    private final StringBuilder text = new StringBuilder();

    TextSamples(Module model, CharVocabulary vocab, Path file, long seed) {
        this.module = model;
        this.vocab = vocab;
        this.file = file;
        this.seed = seed;
    }

    /** The prompt: a newline where the vocabulary has one (a new speech), else its first character. */
    static String prompt(CharVocabulary vocab) { return vocab.contains('\n') ? "\n" : vocab.characters().substring(0, 1); }

    @Override
    public void onEpochEnd(TrainContext ctx) {
        boolean training = module.isTraining();
        module.eval();
        try {
            String prompt = prompt(vocab);
            long[] ids = java.util.Arrays.stream(vocab.encode(prompt)).asLongStream().toArray();
            long[] out = Decoding.decode((LanguageModel) module, ids, LENGTH, DecodeOptions.sample(TEMPERATURE, seed + ctx.epoch())).tokens();
            Double val = ctx.logs().get("val_loss");
            text.append(String.format(Locale.ROOT, "=== epoch %d%s, temperature %s ===%n", ctx.epoch(),
                    val == null ? "" : String.format(Locale.ROOT, " (validation loss %.4f)", val), TEMPERATURE));
            text.append(prompt).append(vocab.decode(out)).append("\n\n");
            AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
        } finally {
            module.train(training);
        }
    }
}
