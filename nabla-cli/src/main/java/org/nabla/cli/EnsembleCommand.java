package org.nabla.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nabla.data.DataLoader;
import org.nabla.ensemble.Ensemble;
import org.nabla.ensemble.EnsembleEvaluation;
import org.nabla.ensemble.Snapshots;
import org.nabla.ensemble.Voting;
import org.nabla.io.AtomicFiles;
import org.nabla.io.Json;
import org.nabla.io.SafeTensors;
import org.nabla.models.Models;
import org.nabla.nn.Module;
import org.nabla.nn.Sequential;
import org.nabla.tensor.Generator;
import org.nabla.tensor.RunContext;
import org.nabla.train.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nabla ensemble}: trained classifiers combined by voting, each member's and the ensemble's test accuracy. */
@Command(name = "ensemble", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluates an ensemble of trained classifiers on the test split: each member's and the ensemble's loss and accuracy.",
                "Soft voting averages the members' probabilities; hard voting takes the majority of their predicted classes (a tie goes to "
                        + "the higher mean probability, then to the lower class index). Each member reads the test images normalised "
                        + "as in its own training."})
final class EnsembleCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN",
            description = "Run folders written by 'nabla train' (or checkpoint folders): classifiers of the same classes and sample shape.")
    private List<Path> runs;

    @Option(names = "--snapshots", description = "The members are the snapshots/cycle-K.safetensors of each RUN (trained with 'nabla train --snapshots N').")
    private boolean snapshots;

    @Option(names = "--vote", paramLabel = "soft|hard", description = "Report this voting only. Default: both.")
    private String vote;

    @Option(names = "--dataset", paramLabel = "NAME", description = "Evaluate on this dataset's test split. Default: the one the members trained on.")
    private String dataset;

    @Option(names = "--test-limit", paramLabel = "N", description = "Evaluate on the first N test samples. Default: all.")
    private Integer testLimit;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results to FILE as JSON.")
    private Path json;

    @Option(names = "--threads", paramLabel = "N", description = "Kernel threads. Default: $NABLA_THREADS or the number of cores.")
    private Integer threads;

    private static final int BATCH = 500;

    /** One member: its label (the run, or the run's snapshot file), and its model behind the run's input normalisation. */
    private record Member(String label, Module model) {}

    @Override
    public Integer call() throws Exception {
        List<Voting> votings = votings();
        if (testLimit != null && testLimit < 1)
            throw new ParameterException(spec.commandLine(), "--test-limit must be at least 1, got " + testLimit);
        int n = threads != null ? ThreadCount.check(spec, threads) : RunContext.defaultThreads();
        try (RunContext run = RunContext.of(n, Generator.global())) {
            return run.call(() -> evaluate(votings));
        }
    }

    private List<Voting> votings() {
        if (vote == null) return List.of(Voting.SOFT, Voting.HARD);
        return switch (vote) {
            case "soft" -> List.of(Voting.SOFT);
            case "hard" -> List.of(Voting.HARD);
            default -> throw new ParameterException(spec.commandLine(), "--vote: unknown '" + vote + "'; available: soft, hard");
        };
    }

    private Integer evaluate(List<Voting> votings) {
        List<TrainedModel> loaded = new ArrayList<>();
        List<Member> members = new ArrayList<>();
        for (Path path : runs) {
            TrainedModel t = classifier(path);
            if (!loaded.isEmpty()) checkCompatible(path, t, runs.getFirst(), loaded.getFirst());
            loaded.add(t);
            if (snapshots) members.addAll(snapshotMembers(path, t));
            else members.add(new Member(path.toString(), normalised(t, t.model())));
        }
        TrainedModel first = loaded.getFirst();
        String name = dataset != null ? dataset : first.config().dataset();
        RunData.TestSplit split = RunData.testSplit(name, first.config().target(), first.config().seed(), first.config().transfer().classes(),
                testLimit != null ? testLimit : 0);
        if (!split.classNames().equals(first.classNames()))
            throw new IllegalArgumentException("--dataset " + name + ": its classes " + split.classNames() + " are not the members' " + first.classNames());
        if (split.drawnFromSeed()) checkSameSplit(name, loaded);
        Ensemble ensemble = new Ensemble(members.stream().map(Member::model).toList(), votings.getFirst());
        EnsembleEvaluation e = EnsembleEvaluation.of(ensemble, DataLoader.builder(split.data()).batchSize(BATCH).build());
        print(members, e, votings, name, split.data().size());
        if (json != null) writeJson(members, e, votings, name, split.data().size());
        return 0;
    }

    /** The run at {@code path}, refused unless it is a classifier's. */
    private static TrainedModel classifier(Path path) {
        TrainedModel t = TrainedModel.load(path, null).require(TrainedModel.SUPERVISED, "nabla ensemble").fusedForInference();
        if (t.classNames().isEmpty()) throw new IllegalArgumentException(path + ": a regressor's run; an ensemble votes among classifiers");
        return t;
    }

    /** Refuses a member that another member's classes, sample shape or data do not fit, naming it. */
    private void checkCompatible(Path path, TrainedModel t, Path firstPath, TrainedModel first) {
        if (!Arrays.equals(t.sampleShape(), first.sampleShape()))
            throw new IllegalArgumentException(path + ": samples of " + TrainCommand.shape(t.sampleShape()) + ", " + firstPath + " takes "
                    + TrainCommand.shape(first.sampleShape()));
        if (!t.classNames().equals(first.classNames()))
            throw new IllegalArgumentException(path + ": classes " + t.classNames() + ", " + firstPath + " has " + first.classNames());
        if (dataset == null && (!t.config().dataset().equals(first.config().dataset()) || !t.config().target().equals(first.config().target())))
            throw new IllegalArgumentException(path + ": trained on " + t.config().dataset() + ", " + firstPath + " on " + first.config().dataset()
                    + "; give --dataset NAME to test both on one dataset");
    }

    /**
     * A dataset without an official test split (the digits, a CSV table) draws it from each run's seed: members of
     * other seeds trained on some of the first one's test samples.
     */
    private void checkSameSplit(String name, List<TrainedModel> loaded) {
        long seed = loaded.getFirst().config().seed();
        for (int i = 1; i < loaded.size(); i++)
            if (loaded.get(i).config().seed() != seed)
                throw new IllegalArgumentException(runs.get(i) + ": seed " + loaded.get(i).config().seed() + ", " + runs.getFirst() + " has " + seed + "; "
                        + name + " has no official test split (each seed draws its own), so members of other seeds trained on test samples");
    }

    /** The members of a snapshot ensemble: the run's model with each cycle's weights. */
    private static List<Member> snapshotMembers(Path path, TrainedModel t) {
        Path dir = path.resolve("snapshots");
        List<Path> files = Snapshots.list(dir);
        if (files.isEmpty())
            throw new IllegalArgumentException(path + ": no snapshots (" + dir + "/cycle-K.safetensors); train with 'nabla train --snapshots N'");
        List<Member> out = new ArrayList<>();
        for (Path f : files) {
            Module model = Models.create(t.config().model(), t.sampleShape(), t.classes(), new Generator(0));
            var weights = SafeTensors.load(f); // its errors name the file
            try {
                model.loadStateDict(weights, true);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(f + ": " + e.getMessage(), e);
            }
            model.eval();
            out.add(new Member(f.toString(), normalised(t, model)));
        }
        return out;
    }

    /** {@code model} behind its run's input normalisation (the test split is read raw). */
    private static Module normalised(TrainedModel t, Module model) {
        return t.normalizer() == null ? model : new Sequential(new InputNormalization(t.normalizer()), model);
    }

    private void print(List<Member> members, EnsembleEvaluation e, List<Voting> votings, String name, int samples) {
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "ensemble of %d member%s on %s (%d test samples)%n", members.size(), members.size() == 1 ? "" : "s", name, samples);
        int width = Math.max("ensemble, hard voting".length(), members.stream().mapToInt(m -> m.label().length()).max().orElse(0));
        w.printf(Locale.ROOT, "%-" + width + "s  %8s  %7s%n", "member", "accuracy", "loss");
        for (int i = 0; i < members.size(); i++) row(w, width, members.get(i).label(), e.members().get(i));
        for (Voting v : votings) row(w, width, "ensemble, " + v.name().toLowerCase(Locale.ROOT) + " voting", e.of(v));
        w.printf(Locale.ROOT, "members: best %.2f%%, mean %.2f%%", 100 * e.bestMemberAccuracy(), 100 * e.meanMemberAccuracy());
        for (Voting v : votings)
            w.printf(Locale.ROOT, "; %s voting %+.2f points over the best", v.name().toLowerCase(Locale.ROOT), 100 * (e.of(v).accuracy() - e.bestMemberAccuracy()));
        w.println();
        w.flush();
    }

    private static void row(PrintWriter w, int width, String label, Evaluation e) {
        w.printf(Locale.ROOT, "%-" + width + "s  %7.2f%%  %7.4f%n", label, 100 * e.accuracy(), e.loss());
    }

    private void writeJson(List<Member> members, EnsembleEvaluation e, List<Voting> votings, String name, int samples) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", name);
        m.put("test_samples", samples);
        List<Map<String, Object>> each = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            Map<String, Object> one = scores(e.members().get(i));
            one.put("member", members.get(i).label());
            each.add(one);
        }
        m.put("members", each);
        for (Voting v : votings) m.put(v.name().toLowerCase(Locale.ROOT) + "_voting", scores(e.of(v)));
        AtomicFiles.write(json, (Json.writePretty(m) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static Map<String, Object> scores(Evaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accuracy", e.accuracy());
        m.put("loss", e.loss());
        return m;
    }
}
