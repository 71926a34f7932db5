package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.io.Json;

/** The training doctor from the command line: on by default in train, off with --no-doctor, and 'nabla doctor RUN' afterwards. */
class DoctorCommandTest {
    @TempDir Path tmp;

    private static List<?> findings(Path run) throws Exception {
        Map<String, Object> json = Json.parseObject(Files.readString(run.resolve("doctor.json")));
        return (List<?>) json.get("findings");
    }

    @Test
    void aDivergingRunIsDiagnosedAndTheReportReadBack() throws Exception {
        Path run = tmp.resolve("lr10");
        Cli.Run r = Cli.run("train", "--lr", "10", "--epochs", "2", "--out", run.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("Training diverged");
        assertThat(r.out()).containsPattern("(?m)^doctor: \\[divergence\\] .* at step \\d+ .*— the learning rate is too high")
                .contains("written to " + run.resolve("doctor.json"));
        assertThat(findings(run)).anySatisfy(f -> assertThat(((Map<?, ?>) f).get("symptom")).isEqualTo("divergence"));

        Cli.Run again = Cli.run("doctor", run.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("recorded during training").containsPattern("(?m)^doctor: \\[divergence\\] ");
    }

    @Test
    void noDoctorWritesNothingAndTheDoctorReviewsTheRunAfterwards() throws Exception {
        Path run = tmp.resolve("plain");
        Cli.Run r = Cli.run("train", "--epochs", "2", "--lr", "1e-6", "--no-doctor", "--out", run.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("doctor:");
        assertThat(run.resolve("doctor.json")).doesNotExist();

        Cli.Run review = Cli.run("doctor", run.toString());
        assertThat(review.exitCode()).as(review.err()).isZero();
        assertThat(review.out()).contains("doctor: reviewing " + run).containsPattern("(?m)^doctor: \\[loss plateau\\] the loss moved");
        assertThat(findings(run)).isNotEmpty();
    }

    @Test
    void theDoctorRefusesAFolderThatIsNotARun() {
        Cli.Run r = Cli.run("doctor", tmp.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("nabla doctor: " + tmp).doesNotContain("Exception");
    }

    /** The default recipes of mlp and lenet5 on 2,000 MNIST images: nothing to report. */
    @Test
    void theDefaultRecipesAreHealthy() throws Exception {
        for (String model : List.of("mlp", "lenet5")) {
            Path run = tmp.resolve(model);
            Cli.Run r = Cli.run("train", model, "--dataset", "mnist", "--train-limit", "2000", "--test-limit", "500", "--out", run.toString());
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).as(model).contains("doctor: no findings");
            assertThat(findings(run)).as(model).isEmpty();
        }
    }
}
