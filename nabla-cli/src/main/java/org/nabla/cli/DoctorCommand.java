package org.nabla.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nabla.data.Batch;
import org.nabla.data.DataLoader;
import org.nabla.io.Json;
import org.nabla.train.doctor.Diagnosis;
import org.nabla.train.doctor.Finding;
import org.nabla.train.doctor.LayerSample;
import org.nabla.train.doctor.TrainingDoctor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nabla doctor RUN}: the training doctor's findings for a finished run. A run trained with the doctor on (the
 * default) has them in doctor.json; otherwise (or with --review) the run is reviewed now from its logs (steps.csv,
 * metrics.jsonl), its training set's class counts and one forward and backward pass of its final weights on a
 * training batch, and doctor.json is written.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Diagnoses a finished 'nabla train' run: prints the findings recorded during training (doctor.json), or reviews the run's logs "
                + "and final weights (a run trained with --no-doctor, or --review) and writes doctor.json."})
final class DoctorCommand implements Callable<Integer> {
    private static final int PROBE_BATCH = 256;
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "A run folder written by 'nabla train'.")
    private Path run;

    @Option(names = "--review", description = "Review the logs and final weights even when doctor.json exists (it is then rewritten).")
    private boolean review;

    @Override
    public Integer call() {
        PrintWriter w = spec.commandLine().getOut();
        Path json = run.resolve(RunDoctor.JSON);
        if (Files.isRegularFile(json) && !review) {
            List<Finding> findings;
            try {
                findings = Diagnosis.findingsOf(Json.parseObject(Files.readString(json)));
            } catch (IOException e) {
                throw new UncheckedIOException(json + ": cannot read: " + e.getMessage(), e);
            } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
                throw new IllegalArgumentException(json + ": not a doctor report (" + e.getMessage() + ")", e);
            }
            w.printf(Locale.ROOT, "doctor: %s recorded during training in %s%n", count(findings.size()), json);
            for (Finding f : findings) w.println("doctor: " + f);
            w.flush();
            return 0;
        }
        TrainedModel t = TrainedModel.load(run, null).require(TrainedModel.SUPERVISED, "nabla doctor");
        Path steps = run.resolve("steps.csv"), epochs = run.resolve("metrics.jsonl");
        if (!Files.isRegularFile(steps) || !Files.isRegularFile(epochs))
            throw new IllegalArgumentException(run + ": not a run folder with steps.csv and metrics.jsonl (the doctor reviews a run's logs)");
        Plots.StepRows rows = Plots.StepRows.read(steps, "loss");
        List<Map<String, Double>> history = history(epochs);
        RunData data = RunData.load(t.config());
        LayerSample probe = Training.inRun(t.config(), () -> probe(t, data));
        w.printf(Locale.ROOT, "doctor: reviewing %s (%d logged steps, %d epochs, one pass of the final weights on %d training samples)%n", run,
                rows.lastStep(), history.size(), Math.min(PROBE_BATCH, data.train().size()));
        w.flush();
        Diagnosis d = TrainingDoctor.review(rows.to(), rows.values(), history, probe,
                data.regression() || data.segmentation() ? null : RunDoctor.classCounts(data.train(), data.classes()), data.classNames(), f -> w.println("doctor: " + f));
        Map<String, Object> watched = new LinkedHashMap<>();
        watched.put("reviewed_after_training", true);
        watched.put("steps", rows.lastStep());
        watched.put("weight_layers", List.copyOf(probe.gradientRms().keySet()));
        watched.put("activation_layers", List.copyOf(probe.units().keySet()));
        new RunFolder(run).writeJson(RunDoctor.JSON, d.toJson(watched));
        w.printf(Locale.ROOT, "doctor: %s; written to %s%n", count(d.findings().size()), json);
        w.flush();
        return 0;
    }

    private static String count(int n) { return n == 0 ? "no findings" : n + " finding" + (n == 1 ? "" : "s"); }

    /** One training-mode forward and backward pass of the final weights on the first training batch. */
    private static LayerSample probe(TrainedModel t, RunData data) {
        org.nabla.nn.Module model = t.model();
        model.train();
        try (DataLoader.Epoch batches = DataLoader.builder(data.train()).batchSize(PROBE_BATCH).build().iterator()) {
            Batch b = batches.next();
            return TrainingDoctor.probe(model, () -> Training.loss(t.config(), data).call(model.call(b.x()), b.y()).backward());
        } finally {
            model.eval();
        }
    }

    /** The epoch logs of metrics.jsonl. */
    private static List<Map<String, Double>> history(Path jsonl) {
        List<Map<String, Double>> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(jsonl)) {
                if (line.isBlank()) continue;
                Map<String, Double> epoch = new LinkedHashMap<>();
                Json.parseObject(line).forEach((k, v) -> { if (v instanceof Number n) epoch.put(k, n.doubleValue()); });
                out.add(epoch);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(jsonl + ": cannot read: " + e.getMessage(), e);
        }
        return out;
    }
}
