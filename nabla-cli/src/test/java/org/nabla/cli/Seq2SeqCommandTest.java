package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.io.Json;

/** {@code nabla train seq2seq --dataset dates}: one epoch translates the held-out dates, with attention heat maps. */
class Seq2SeqCommandTest {
    @TempDir Path tmp;

    @Test
    void translatesHeldOutDatesAndDrawsTheAttention() throws IOException {
        Path run = tmp.resolve("run");
        Cli.Run r = Cli.run("train", "seq2seq", "--epochs", "1", "--threads", "2", "--out", run.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("training seq2seq \\([\\d,]+ parameters\\) on dates: 20,000 training / 2,000 held-out pairs")
                .containsPattern("held-out exact match \\d+\\.\\d\\d% \\(2000 dates\\) after 1 epoch");
        Map<String, Object> summary = Json.parseObject(Files.readString(run.resolve("summary.json")));
        assertThat((Double) ((Map<?, ?>) summary.get("test")).get("exact_match")).isGreaterThan(0.95);
        List<?> examples = (List<?>) summary.get("examples");
        assertThat(examples).hasSize(Seq2SeqTraining.HEATMAPS);
        for (Object e : examples) assertThat(((Map<?, ?>) e).get("output").toString()).matches("\\d{4}-\\d\\d-\\d\\d");
        BufferedImage map = ImageIO.read(run.resolve("attention-1.png").toFile());
        assertThat(map.getWidth()).isGreaterThan(400);
        assertThat(run.resolve("loss.png")).exists();

        Cli.Run generate = Cli.run("generate", run.toString());
        assertThat(generate.exitCode()).isEqualTo(1);
        assertThat(generate.err()).contains("'nabla generate' does not apply: it is a sequence-to-sequence run").hasLineCount(1);
        Cli.Run wrongData = Cli.run("train", "seq2seq", "--dataset", "mnist");
        assertThat(wrongData.exitCode()).isEqualTo(2);
        assertThat(wrongData.err()).contains("seq2seq translates the dates: --dataset dates, not mnist").hasLineCount(1);
        Cli.Run summarised = Cli.run("summary", "seq2seq");
        assertThat(summarised.exitCode()).as(summarised.err()).isZero();
        assertThat(summarised.out()).contains("Total params: 188,302");
        Cli.Run wrongOption = Cli.run("train", "seq2seq", "--optimizer", "sgd");
        assertThat(wrongOption.exitCode()).isEqualTo(2);
        assertThat(wrongOption.err()).contains("--optimizer does not apply to seq2seq");
    }
}
