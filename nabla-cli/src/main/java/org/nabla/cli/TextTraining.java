package org.nabla.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nabla.data.CharVocabulary;
import org.nabla.data.DataLoader;
import org.nabla.data.Datasets;
import org.nabla.data.TextCorpus;
import org.nabla.data.TextStreams;
import org.nabla.io.Checkpoint;
import org.nabla.nn.Module;
import org.nabla.optim.Optimizer;
import org.nabla.train.Callback;
import org.nabla.train.ModelCheckpoint;
import org.nabla.train.Progress;
import org.nabla.train.Trainer;
import org.nabla.train.task.LanguageModelTask;

/**
 * One training run of a language model on a text corpus: the vocabulary is the training split's characters; the
 * text is split by position (the last {@code --val-split} validates); batches are consecutive chunks of
 * {@code --batch-size} streams, {@code --bptt} characters long, with the state carried across chunks (truncated
 * BPTT). The loss is in nats per character; the validation loss and perplexity are the run's result.
 */
final class TextTraining {
    /** Validation streams: fewer than training, so a short validation text still fills whole chunks. */
    static final int VALIDATION_STREAMS = 8;

    private TextTraining() {}

    /**
     * The corpus cut for a run.
     *
     * @param dropped validation characters outside the training vocabulary, left out
     */
    record TextData(String name, CharVocabulary vocabulary, int[] train, int[] validation, int dropped) {}

    /** What a run produced; {@code tokensPerS} over the training epochs (validation excluded). */
    record Result(RunConfig config, Module model, List<Map<String, Double>> history, double validationLoss, double validationAccuracy,
                  double tokensPerS, double seconds, PeakMemory.Reading memory, int bestEpoch) {}

    /** Reads and splits the corpus of {@code --dataset}. */
    static TextData load(RunConfig c) {
        int colon = c.dataset().indexOf(':');
        String name = colon < 0 ? c.dataset() : c.dataset().substring(0, colon), path = colon < 0 ? null : c.dataset().substring(colon + 1);
        Datasets.Kind kind = Datasets.REGISTRY.get(name);
        TextCorpus corpus = kind.text().apply(path);
        TextCorpus.Split split = corpus.split(1 - c.valSplit());
        CharVocabulary vocab = CharVocabulary.of(split.train());
        StringBuilder kept = new StringBuilder(split.validation().length());
        for (int i = 0; i < split.validation().length(); i++) if (vocab.contains(split.validation().charAt(i))) kept.append(split.validation().charAt(i));
        return new TextData(name, vocab, vocab.encode(split.train()), vocab.encode(kept), split.validation().length() - kept.length());
    }

    static TextStreams trainStreams(RunConfig c, TextData d) {
        return streams(d.train(), c.batchSize(), c.bptt(), "training", "--batch-size " + c.batchSize());
    }

    static TextStreams validationStreams(RunConfig c, TextData d) {
        int streams = Math.max(1, Math.min(VALIDATION_STREAMS, (d.validation().length - 1) / c.bptt()));
        return streams(d.validation(), streams, c.bptt(), "validation", "--val-split " + c.valSplit());
    }

    private static TextStreams streams(int[] ids, int streams, int bptt, String split, String option) {
        if (ids.length - 1 < (long) streams * bptt)
            throw new UsageError("the " + split + " text has " + ids.length + " characters, too few for " + streams + " stream" + (streams == 1 ? "" : "s")
                    + " of one chunk of --bptt " + bptt + ": lower --bptt or " + option);
        return new TextStreams(ids, streams, bptt);
    }

    /** What {@code generate} and {@code eval} need: the run configuration, the chunk shape and the vocabulary. */
    static Map<String, Object> metadata(RunConfig c, TextData d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config", c.toJson());
        m.put("task", "language-model");
        m.put("sample_shape", List.of(c.bptt()));
        m.put("classes", d.vocabulary().size());
        m.put("class_names", d.vocabulary().characters().chars().mapToObj(ch -> Character.toString((char) ch)).toList());
        m.put("vocabulary", d.vocabulary().characters());
        m.put("normalizer", null);
        return m;
    }

    /**
     * Trains {@code model} (with {@code resume}, from a checkpoint of the same configuration); after each epoch
     * {@code samples} (when given) writes what the model generates.
     */
    static Result run(RunConfig c, TextData d, Module model, Checkpoint resume, RunFolder folder, PrintWriter progress, Function<Module, Callback> samples) {
        return Training.inRun(c, () -> train(c, d, model, resume, folder, progress, samples));
    }

    private static Result train(RunConfig c, TextData d, Module model, Checkpoint resume, RunFolder folder, PrintWriter progress,
                                Function<Module, Callback> samples) {
        long start = System.nanoTime();
        PeakMemory peak = PeakMemory.start();
        Optimizer opt = Training.optimizer(c, model);
        DataLoader train = DataLoader.builder(trainStreams(c, d)).batchSize(c.batchSize()).prefetch(2).build();
        TextStreams valStreams = validationStreams(c, d);
        int steps = c.epochs() * train.numBatches();
        LanguageModelTask task = new LanguageModelTask(model, opt, true);
        Trainer.Builder b = Trainer.builder(task).train(train).validation(DataLoader.builder(valStreams).batchSize(valStreams.streams()).build())
                .name(c.model()).metadata(metadata(c, d));
        Training.scheduleAndClip(b, c, opt, steps);
        if (progress != null) b.callback(Progress.auto(progress));
        ModelCheckpoint checkpoints = folder != null ? folder.logTo(b, steps, "val_loss") : null;
        if (samples != null) b.callback(samples.apply(model));
        Trainer trainer = b.build();
        if (resume != null) trainer.resume(resume);
        List<Map<String, Double>> history = trainer.fit(c.epochs());
        Map<String, Double> last = history.isEmpty() ? Map.of() : history.getLast();
        int bestEpoch = checkpoints != null ? checkpoints.bestEpoch() : history.size();
        return new Result(c, model, history, last.getOrDefault("val_loss", Double.NaN), last.getOrDefault("val_accuracy", Double.NaN),
                Training.samplesPerS(history) * c.bptt(), (System.nanoTime() - start) * 1e-9, peak.read(), bestEpoch);
    }
}
