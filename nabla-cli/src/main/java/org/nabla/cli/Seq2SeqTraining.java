package org.nabla.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nabla.data.HumanDates;
import org.nabla.models.text.DateTranslator;
import org.nabla.models.text.Seq2Seq;
import org.nabla.train.ModelCheckpoint;
import org.nabla.train.Progress;
import org.nabla.train.Trainer;

/**
 * One training run of the dates translator (a GRU encoder–decoder with attention): teacher-forced cross-entropy on
 * the 20,000 training pairs, greedy exact match on the 2,000 held-out dates after each epoch and at the end, and
 * attention heat maps of a few held-out examples.
 */
final class Seq2SeqTraining {
    /** Held-out examples whose attention is drawn. */
    static final int HEATMAPS = 4;

    private Seq2SeqTraining() {}

    /** What a run produced: the exact match on the held-out dates and a few translations with their attention. */
    record Result(RunConfig config, DateTranslator translator, List<Map<String, Double>> history, double exactMatch, List<DateTranslator.Alignment> examples,
                  double samplesPerS, double seconds, PeakMemory.Reading memory, int bestEpoch) {}

    static DateTranslator.Recipe recipe(RunConfig c) {
        DateTranslator.Recipe d = DateTranslator.Recipe.defaults();
        return new DateTranslator.Recipe(d.embedding(), d.hidden(), d.attention(), c.epochs(), c.batchSize(), c.lr(), c.clipGrad(), c.seed());
    }

    /** What {@code TrainedModel} needs to rebuild the model; {@code generate} refuses the run by its task. */
    static Map<String, Object> metadata(RunConfig c, HumanDates dates) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config", c.toJson());
        m.put("task", TrainedModel.SEQ2SEQ);
        m.put("sample_shape", List.of(dates.inputLength()));
        m.put("classes", HumanDates.outputVocabulary().size());
        m.put("class_names", HumanDates.outputNames());
        m.put("vocabulary", HumanDates.outputVocabulary().characters());
        m.put("normalizer", null);
        return m;
    }

    static Result run(RunConfig c, HumanDates dates, Seq2Seq model, RunFolder folder, PrintWriter progress) {
        return Training.inRun(c, () -> train(c, dates, model, folder, progress));
    }

    private static Result train(RunConfig c, HumanDates dates, Seq2Seq model, RunFolder folder, PrintWriter progress) {
        long start = System.nanoTime();
        PeakMemory peak = PeakMemory.start();
        DateTranslator translator = new DateTranslator(dates, model);
        DateTranslator.Recipe recipe = recipe(c);
        Trainer.Builder b = translator.builder(recipe).name(c.model()).metadata(metadata(c, dates));
        int steps = c.epochs() * ((dates.train().size() + c.batchSize() - 1) / c.batchSize());
        if (progress != null) b.callback(Progress.auto(progress));
        ModelCheckpoint checkpoints = folder != null ? folder.logTo(b, steps, "val_loss") : null;
        List<Map<String, Double>> history = b.build().fit(c.epochs());
        double exact = translator.exactMatch(dates.test());
        List<DateTranslator.Alignment> examples = new ArrayList<>();
        for (int i = 0; i < Math.min(HEATMAPS, dates.test().size()); i++) examples.add(translator.alignment(dates.test().get(i * 97 % dates.test().size()).human()));
        int bestEpoch = checkpoints != null ? checkpoints.bestEpoch() : history.size();
        return new Result(c, translator, history, exact, examples, Training.samplesPerS(history), (System.nanoTime() - start) * 1e-9, peak.read(), bestEpoch);
    }
}
