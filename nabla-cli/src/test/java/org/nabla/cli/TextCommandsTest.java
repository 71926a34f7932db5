package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.io.Json;

/**
 * Language models on the command line: a character LSTM trained on a small play-like text writes its run folder
 * (metrics, summary with the validation loss in nats per character, loss curve, samples after each epoch) and
 * {@code generate} continues a prompt with it; bad input is a one-line error.
 */
class TextCommandsTest {
    @TempDir static Path tmp;
    static Path corpus, run;
    static Cli.Run trained;

    private static final String SPEECHES = """
            ROMEO:
            But soft, what light through yonder window breaks?
            It is the east, and Juliet is the sun.

            JULIET:
            O Romeo, Romeo, wherefore art thou Romeo?
            Deny thy father and refuse thy name.

            """;

    @BeforeAll
    static void trainOnce() throws IOException {
        corpus = Files.writeString(tmp.resolve("play.txt"), SPEECHES.repeat(20), StandardCharsets.UTF_8);
        run = tmp.resolve("run");
        trained = Cli.run("train", "charlstm", "--dataset", "text:" + corpus, "--epochs", "2", "--batch-size", "4", "--bptt", "16", "--lr", "0.01",
                "--threads", "1", "--out", run.toString());
    }

    @Test
    void trainsALanguageModelAndWritesItsRunFolder() throws IOException {
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        assertThat(trained.out()).containsPattern("training charlstm \\([\\d,]+ parameters\\) on text:.*play.txt: [\\d,]+ training / [\\d,]+ validation characters, a vocabulary of \\d+")
                .contains("adam lr 0.01, cosine schedule, 4 streams of 16 characters (truncated BPTT), 2 epochs")
                .contains("gradients clipped to a global L2 norm of 1.0")
                .containsPattern("(?m)^Epoch 2: loss \\d\\.\\d{4} acc \\d\\.\\d{4} perplexity [\\d.]+ val_loss \\d\\.\\d{4}")
                .containsPattern("validation loss \\d\\.\\d{4} nats/char \\([\\d.]+ bits/char, perplexity [\\d.]+\\)");
        Map<String, Object> summary = Json.parseObject(Files.readString(run.resolve("summary.json")));
        Map<?, ?> val = (Map<?, ?>) summary.get("validation");
        double loss = (Double) val.get("loss_nats_per_char");
        assertThat(loss).isLessThan(Math.log(27)); // better than uniform over the vocabulary
        assertThat((Double) val.get("perplexity")).isCloseTo(Math.exp(loss), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Files.readAllLines(run.resolve("metrics.csv"))).hasSize(3);
        assertThat(run.resolve("loss.png")).exists();
        String samples = Files.readString(run.resolve("samples.txt"));
        assertThat(samples).contains("=== epoch 1 (validation loss ").contains("=== epoch 2 (validation loss ");
    }

    @Test
    void generateContinuesAPromptReproducibly() {
        Cli.Run a = Cli.run("generate", run.toString(), "--prompt", "ROMEO:", "--length", "40", "--seed", "3");
        Cli.Run b = Cli.run("generate", run.toString(), "--prompt", "ROMEO:", "--length", "40", "--seed", "3");
        assertThat(a.exitCode()).as(a.err()).isZero();
        assertThat(a.out()).startsWith("ROMEO:").isEqualTo(b.out());
        assertThat(a.out().strip().length()).isGreaterThan(30);
        Cli.Run greedy = Cli.run("generate", run.toString(), "--prompt", "ROMEO:", "--length", "20", "--strategy", "greedy");
        Cli.Run beam1 = Cli.run("generate", run.toString(), "--prompt", "ROMEO:", "--length", "20", "--strategy", "beam", "--beam", "1", "--length-penalty", "0");
        assertThat(greedy.exitCode()).as(greedy.err()).isZero();
        assertThat(beam1.out()).isEqualTo(greedy.out());
    }

    @Test
    void evalReportsTheValidationLossTheRunEndedWith() throws IOException {
        Map<String, Object> summary = Json.parseObject(Files.readString(run.resolve("summary.json")));
        double loss = (Double) ((Map<?, ?>) summary.get("validation")).get("loss_nats_per_char");
        Cli.Run r = Cli.run("eval", run.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains(String.format(java.util.Locale.ROOT, "validation: loss %.4f nats/char", loss));
    }

    @Test
    void summariesOfTheLanguageModelsMatchTheReferenceParameterCounts() {
        // ref_bench.py: CharLSTM 876,929 and TinyGPT 818,241 parameters over a vocabulary of 65
        assertThat(Cli.run("summary", "charlstm", "--classes", "65").out()).contains("charlstm on 64 tokens").contains("Total params: 876,929");
        assertThat(Cli.run("summary", "gpt", "--classes", "65").out()).contains("Total params: 818,241");
    }

    @Test
    void badInputIsOneLine() throws IOException {
        Path empty = Files.write(tmp.resolve("empty.txt"), new byte[0]);
        Path binary = Files.write(tmp.resolve("data.bin"), new byte[] {0x7f, 'E', 'L', 'F', 0, 1, 2});
        expect(Cli.run("train", "charlstm", "--dataset", "text:" + empty), 1, empty + ": the file is empty");
        expect(Cli.run("train", "charlstm", "--dataset", "text:" + binary), 1, "this is a binary file, not text");
        expect(Cli.run("generate", run.toString(), "--prompt", "ZEBRA"), 1, "--prompt: character 'Z' (U+005A) at position 0 is not in the vocabulary");
        expect(Cli.run("generate", run.toString(), "--length", "0"), 2, "--length must be at least 1, got 0");
        expect(Cli.run("generate", run.toString(), "--strategy", "beam", "--beam", "0"), 2, "--beam must be at least 1, got 0");
        expect(Cli.run("generate", run.toString(), "--temperature", "0"), 2, "--temperature must be > 0, got 0.0");
        expect(Cli.run("train", "charlstm", "--dataset", "digits"), 2, "charlstm is a language model: give it text");
        expect(Cli.run("train", "mlp", "--dataset", "text:" + corpus), 2, "is text: train a language model on it");
        expect(Cli.run("train", "mlp", "--bptt", "8"), 2, "--bptt applies to language models");
        expect(Cli.run("predict", "--run", run.toString(), "x.png"), 1, "'nabla predict' does not apply: it is a language model's run");
        expect(Cli.run("eval", run.toString(), "--test-limit", "5"), 2, "--test-limit does not apply to a language model's run");
    }

    private static void expect(Cli.Run r, int code, String message) {
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(code);
        assertThat(r.err()).contains(message);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
    }
}
