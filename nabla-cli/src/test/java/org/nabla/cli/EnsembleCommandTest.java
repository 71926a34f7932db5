package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.ensemble.Snapshots;
import org.nabla.io.Json;

/** {@code nabla ensemble} over tiny runs on the bundled digits, and {@code nabla train --snapshots}. */
class EnsembleCommandTest {
    @TempDir static Path tmp;
    /** Three members of one seed (the digits' test split is drawn from it) trained differently, and a snapshot run. */
    static Path a, b, c, snap;

    @BeforeAll
    static void trainMembers() {
        a = train("a", "--epochs", "2", "--lr", "0.05");
        b = train("b", "--epochs", "2", "--lr", "0.2");
        c = train("c", "--epochs", "2", "--batch-size", "16");
        snap = train("snap", "--epochs", "4", "--snapshots", "2");
    }

    private static Path train(String name, String... options) {
        Path out = tmp.resolve(name);
        String[] args = new String[options.length + 5];
        args[0] = "train";
        args[1] = "--threads";
        args[2] = "1";
        System.arraycopy(options, 0, args, 3, options.length);
        args[options.length + 3] = "--out";
        args[options.length + 4] = out.toString();
        Cli.Run r = Cli.run(args);
        assertThat(r.exitCode()).as(r.err()).isZero();
        return out;
    }

    /** "accuracy% loss" of a run as {@code nabla eval} prints them. */
    private static String evalScores(Path run) {
        Cli.Run eval = Cli.run("eval", run.toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        Matcher m = Pattern.compile("(?m)^test: accuracy (\\d+\\.\\d\\d%) \\(\\d+/\\d+\\)  loss (\\d+\\.\\d{4})").matcher(eval.out());
        assertThat(m.find()).as(eval.out()).isTrue();
        return m.group(1) + " " + m.group(2);
    }

    /** "accuracy% loss" in the row of {@code label} of the ensemble's table. */
    private static String row(String out, String label) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(label) + " +(\\d+\\.\\d\\d%) +(\\d+\\.\\d{4})$").matcher(out);
        assertThat(m.find()).as(label + " in\n" + out).isTrue();
        return m.group(1) + " " + m.group(2);
    }

    private static String accuracy(String scores) { return scores.split(" ")[0]; }

    @Test
    void printsEachMembersTestScoresAsEvalDoesAndBothVotings() throws IOException {
        Path json = tmp.resolve("ensemble.json");
        Cli.Run r = Cli.run("ensemble", a.toString(), b.toString(), c.toString(), "--json", json.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("ensemble of 3 members on digits (355 test samples)\n")
                .containsPattern("(?m)^ensemble, soft voting +\\d+\\.\\d\\d%").containsPattern("(?m)^ensemble, hard voting +\\d+\\.\\d\\d%")
                .containsPattern("(?m)^members: best \\d+\\.\\d\\d%, mean \\d+\\.\\d\\d%; soft voting [+-]\\d+\\.\\d\\d points over the best; hard voting");
        for (Path run : List.of(a, b, c)) assertThat(row(r.out(), run.toString())).isEqualTo(evalScores(run));

        Map<String, Object> written = Json.parseObject(Files.readString(json));
        assertThat(written.get("dataset")).isEqualTo("digits");
        assertThat((List<?>) written.get("members")).hasSize(3);
        Map<?, ?> soft = (Map<?, ?>) written.get("soft_voting");
        assertThat(String.format(Locale.ROOT, "%.2f%%", 100 * (Double) soft.get("accuracy"))).isEqualTo(accuracy(row(r.out(), "ensemble, soft voting")));
        assertThat(written).containsKey("hard_voting");
    }

    @Test
    void runsOfSomeClassesAreEvaluatedOnThoseClassesAsEvalDoes() {
        Path fewer = train("fewer", "--epochs", "1", "--classes", "0-4");
        Cli.Run r = Cli.run("ensemble", fewer.toString(), "--vote", "soft");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(row(r.out(), fewer.toString())).isEqualTo(evalScores(fewer));
    }

    @Test
    void anEnsembleOfOneVotesAsItsMember() {
        Cli.Run r = Cli.run("ensemble", a.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        String member = row(r.out(), a.toString());
        // soft voting of one member is its distribution; hard voting its prediction (its loss is the vote distribution's)
        assertThat(row(r.out(), "ensemble, soft voting")).isEqualTo(member);
        assertThat(accuracy(row(r.out(), "ensemble, hard voting"))).isEqualTo(accuracy(member));
    }

    @Test
    void voteChoosesTheRowsReported() {
        Cli.Run r = Cli.run("ensemble", a.toString(), b.toString(), "--vote", "hard");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("ensemble, hard voting").doesNotContain("soft voting");
    }

    @Test
    void snapshotRunSavesEachCycleAndEnsemblesThem() throws IOException {
        Path dir = snap.resolve("snapshots");
        assertThat(Snapshots.list(dir)).containsExactly(Snapshots.file(dir, 1), Snapshots.file(dir, 2));
        Cli.Run r = Cli.run("ensemble", snap.toString(), "--snapshots");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("ensemble of 2 members on digits (355 test samples)\n");
        // the last cycle ends the run: its snapshot is the final model
        assertThat(row(r.out(), Snapshots.file(dir, 2).toString())).isEqualTo(evalScores(snap));
        Map<?, ?> config = (Map<?, ?>) Json.parseObject(Files.readString(snap.resolve("config.json"))).get("config");
        assertThat(config.get("schedule")).isEqualTo("restarts");
        assertThat(((Number) config.get("snapshots")).intValue()).isEqualTo(2);
    }

    @Test
    void aResumedSnapshotRunAddsCyclesOfTheSameLength() {
        assertOneLineError(Cli.run("train", "--resume", snap.toString(), "--epochs", "5", "--out", tmp.resolve("odd").toString()), 2,
                "nabla train: --epochs 5: the cycles of this snapshot run last 2 epochs; give a multiple of 2 (see 'nabla train --help')");
        Path more = tmp.resolve("more");
        Cli.Run resumed = Cli.run("train", "--resume", snap.toString(), "--epochs", "6", "--threads", "1", "--out", more.toString());
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        // the new folder holds the third cycle; both folders together are the ensemble
        assertThat(Snapshots.list(more.resolve("snapshots"))).containsExactly(Snapshots.file(more.resolve("snapshots"), 3));
        Cli.Run r = Cli.run("ensemble", snap.toString(), more.toString(), "--snapshots");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("ensemble of 3 members on digits");
        assertThat(row(r.out(), Snapshots.file(more.resolve("snapshots"), 3).toString())).isEqualTo(evalScores(more));
    }

    @Test
    void refusesRunsThatDoNotFitInOneLine() throws IOException {
        Path missing = tmp.resolve("missing");
        assertOneLineError(Cli.run("ensemble", a.toString(), missing.toString()), 1, "nabla ensemble: " + missing + ": no such file or folder");

        Path csv = tmp.resolve("three.csv");
        StringBuilder rows = new StringBuilder("p,q,r,label\n");
        for (int i = 0; i < 60; i++) rows.append(i % 7).append(',').append(i % 5).append(',').append(i % 3).append(',').append(i % 3).append('\n');
        Files.writeString(csv, rows);
        Path other = train("csv", "--dataset", "csv:" + csv, "--epochs", "1", "--schedule", "none");
        assertOneLineError(Cli.run("ensemble", a.toString(), other.toString()), 1,
                "nabla ensemble: " + other + ": samples of 3, " + a + " takes 1x8x8");

        Path seed7 = train("seed7", "--epochs", "1", "--seed", "7");
        assertOneLineError(Cli.run("ensemble", a.toString(), seed7.toString()), 1, "nabla ensemble: " + seed7 + ": seed 7, " + a
                + " has 42; digits has no official test split (each seed draws its own), so members of other seeds trained on test samples");

        assertOneLineError(Cli.run("ensemble", a.toString(), "--snapshots"), 1, "nabla ensemble: " + a + ": no snapshots (" + a.resolve("snapshots")
                + "/cycle-K.safetensors); train with 'nabla train --snapshots N'");
        Path corrupt = Files.createDirectories(c.resolve("snapshots")).resolve("cycle-1.safetensors");
        Files.writeString(corrupt, "not a safetensors file");
        Cli.Run r = Cli.run("ensemble", c.toString(), "--snapshots");
        assertOneLineError(r, 1, null);
        assertThat(r.err()).startsWith("nabla ensemble: SafeTensors: " + corrupt + ": ");
        assertOneLineError(Cli.run("ensemble", a.toString(), "--vote", "majority"), 2,
                "nabla ensemble: --vote: unknown 'majority'; available: soft, hard (see 'nabla ensemble --help')");
        assertOneLineError(Cli.run("ensemble"), 2, null);
    }

    @Test
    void trainRefusesSnapshotsThatDoNotFitTheRun() {
        assertOneLineError(Cli.run("train", "--epochs", "4", "--snapshots", "3"), 2,
                "nabla train: --snapshots 3 needs --epochs a multiple of 3 (cycles of equal whole epochs), got 4 (see 'nabla train --help')");
        assertOneLineError(Cli.run("train", "--epochs", "4", "--snapshots", "2", "--schedule", "cosine"), 2,
                "nabla train: --snapshots trains with the restarts schedule (cosine annealing with warm restarts), not --schedule cosine (see 'nabla train --help')");
        assertOneLineError(Cli.run("train", "--snapshots", "0"), 2, "nabla train: --snapshots must be at least 1, got 0 (see 'nabla train --help')");
    }

    private static void assertOneLineError(Cli.Run r, int code, String message) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(code);
        assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
        if (message != null) assertThat(r.err()).isEqualTo(message + "\n");
        assertThat(r.err()).doesNotContain("Exception");
    }
}
