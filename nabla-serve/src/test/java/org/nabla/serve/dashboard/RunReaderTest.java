package org.nabla.serve.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReaderTest {
    @TempDir
    Path tmp;

    private Path run(String name, String config, String steps, String epochs, String summary) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        if (config != null) Files.writeString(dir.resolve("config.json"), config);
        if (steps != null) Files.writeString(dir.resolve("steps.csv"), steps);
        if (epochs != null) Files.writeString(dir.resolve("metrics.csv"), epochs);
        if (summary != null) Files.writeString(dir.resolve("summary.json"), summary);
        return dir;
    }

    @Test
    void aCompletedRunsRowHasItsModelDatasetAndBestMetrics() throws Exception {
        Path dir = run("mlp-1", "{\"config\": {\"model\": \"mlp\", \"dataset\": \"digits\"}, \"class_names\": [\"a\", \"b\"]}",
                "step,epoch,loss,accuracy,lr\n1,0,1.0,0.5,0.1\n2,0,0.8,0.6,0.1\n",
                "epoch,train_loss,val_loss,val_accuracy\n0,1.0,0.9,0.60\n1,0.7,0.95,0.70\n2,0.6,0.85,0.65\n",
                "{\"test\": {\"loss\": 0.8, \"accuracy\": 0.75, \"samples\": 20, \"confusion_matrix\": [[9, 1], [4, 6]]}}");
        Map<String, Object> row = RunReader.row(dir);
        assertThat(row).containsEntry("name", "mlp-1").containsEntry("model", "mlp").containsEntry("dataset", "digits")
                .containsEntry("status", "completed").containsEntry("epochs", 3);
        assertThat((Map<String, Object>) row.get("best")).containsEntry("val_loss", 0.85).containsEntry("val_accuracy", 0.70)
                .containsEntry("test_accuracy", 0.75).containsEntry("test_loss", 0.8).doesNotContainKey("test_samples");

        Map<String, Object> d = RunReader.details(dir);
        assertThat(((List<?>) ((Map<?, ?>) d.get("steps")).get("rows"))).hasSize(2);
        assertThat((Map<String, Object>) d.get("confusion")).containsEntry("matrix", List.of(List.of(9.0, 1.0), List.of(4.0, 6.0)))
                .containsEntry("classes", List.of("a", "b"));
        assertThat((Map<String, Object>) d.get("offsets")).containsEntry("steps", (long) Files.size(dir.resolve("steps.csv")));
    }

    @Test
    void statusFollowsTheSummaryAndTheLogsAge() throws Exception {
        Path running = run("r", "{\"config\": {}}", "step,epoch,loss\n", null, null);
        assertThat(RunReader.row(running)).containsEntry("status", "running");
        FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 2 * RunStatus.RUNNING_WINDOW_MS);
        for (String f : List.of("config.json", "steps.csv")) Files.setLastModifiedTime(running.resolve(f), old);
        assertThat(RunReader.row(running)).containsEntry("status", "stopped");
    }

    @Test
    void aMalformedFolderIsReportedWithItsReason() throws Exception {
        assertThat(RunReader.row(run("broken-json", "{\"config\": ", null, null, null)))
                .containsEntry("status", "malformed").extractingByKey("error").asString().startsWith("config.json: ");
        assertThat(RunReader.details(run("broken-csv", "{}", "step,loss\n1,x\n", null, null)))
                .containsEntry("status", "malformed").containsEntry("error", "steps.csv line 2: 'x' is not a number");
        assertThat(RunReader.row(run("empty", null, null, null, null)))
                .containsEntry("status", "malformed").containsEntry("error", "not a run folder: no config.json nor steps.csv");
    }
}
