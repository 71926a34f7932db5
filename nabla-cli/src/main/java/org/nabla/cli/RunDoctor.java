package org.nabla.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nabla.data.Dataset;
import org.nabla.train.Callback;
import org.nabla.train.NonFiniteException;
import org.nabla.train.doctor.Finding;
import org.nabla.train.doctor.TrainingDoctor;

/**
 * The training doctor of one {@code nabla train} run: prints each finding as "doctor: [symptom] evidence — fix" when
 * it is found, checks the training set's class counts first and the test accuracy against the training accuracy last
 * (a run without a validation split), and writes doctor.json into the run folder.
 */
final class RunDoctor {
    static final String JSON = "doctor.json";
    private final TrainingDoctor doctor;
    private final PrintWriter out;

    private RunDoctor(TrainingDoctor doctor, PrintWriter out) {
        this.doctor = doctor;
        this.out = out;
    }

    /** A doctor sampling about {@link TrainingDoctor#SAMPLES} of the run's steps; it reads the class counts now. */
    static RunDoctor start(RunConfig c, RunData data, PrintWriter out) {
        RunDoctor d = new RunDoctor(new TrainingDoctor(TrainingDoctor.everyFor(Training.totalSteps(c, data)), f -> {
            out.println("doctor: " + f);
            out.flush();
        }), out);
        // class balance of a classifier's labels (a segmentation run's targets are maps, not one label a sample)
        if (!data.regression() && !data.segmentation()) d.doctor.classCounts(classCounts(data.train(), data.classes()), data.classNames());
        return d;
    }

    static long[] classCounts(Dataset train, int classes) {
        long[] counts = new long[classes];
        for (int i = 0; i < train.size(); i++) counts[(int) train.label(i)]++;
        return counts;
    }

    Callback callback() { return doctor; }

    /** The run stopped on a NaN: the divergence is a finding; doctor.json is written before the error is reported. */
    void diverged(NonFiniteException e, RunFolder folder) {
        doctor.diverged(e);
        write(folder);
    }

    /** After the test evaluation: the held-out comparison, doctor.json and the closing line. */
    void finish(Training.Result r, RunFolder folder) {
        List<Map<String, Double>> history = doctor.history();
        if (r.validation() == null && r.test() instanceof EvalReport test && !history.isEmpty() && history.getLast().get("train_accuracy") instanceof Double train)
            doctor.heldOut(train, test.accuracy(), "test");
        write(folder);
    }

    private void write(RunFolder folder) {
        folder.writeJson(JSON, doctor.toJson());
        List<Finding> findings = doctor.diagnosis().findings();
        out.printf(Locale.ROOT, "doctor: %s (%s steps watched, layers sampled every %s); written to %s%n",
                findings.isEmpty() ? "no findings" : findings.size() + " finding" + (findings.size() == 1 ? "" : "s"), doctor.toJson().get("steps"),
                doctor.toJson().get("sampled_every"), folder.dir().resolve(JSON));
        out.flush();
    }
}
