package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class NablaCommandTest {
    private static final Pattern FINAL_LINE = Pattern.compile("(?m)^test accuracy (\\d+\\.\\d\\d)% \\((\\d+)/359\\) after (\\d+) epochs? in ");

    /** What one in-process run of the command printed, and its exit code. */
    record Run(int exitCode, String out, String err) {
        double testAccuracy() {
            Matcher m = FINAL_LINE.matcher(out);
            assertThat(m.find()).as("final accuracy line in:%n%s", out).isTrue();
            return Double.parseDouble(m.group(1));
        }

        /** The output without the timings, which vary from run to run. */
        String withoutTimings() { return out.replaceAll("\\s+[\\d,]+ samples/s", "").replaceAll(" in [\\d.]+ s", ""); }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cmd = NablaCommand.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void trainsForTwoEpochs() {
        Run r = run("train", "--epochs", "2");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("training mlp 64-64-10 (4810 parameters) on digits: 1438 train / 359 test images, seed 42");
        assertThat(r.out().lines().filter(l -> l.startsWith("epoch "))).hasSize(2);
        assertThat(r.out()).containsPattern("(?m)^epoch   2/2  train loss \\d\\.\\d{4}  train acc +\\d+\\.\\d\\d%  test acc +\\d+\\.\\d\\d%  +[\\d,]+ samples/s$");
        assertThat(r.testAccuracy()).isGreaterThan(85.0);
    }

    @Test
    void defaultsReachNinetyFivePercent() {
        Run r = run("train");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines().filter(l -> l.startsWith("epoch "))).hasSize(20);
        assertThat(r.testAccuracy()).isGreaterThanOrEqualTo(95.0);
    }

    @Test
    void isDeterministicForASeed() {
        String[] args = {"train", "mlp", "--dataset", "digits", "--epochs", "2", "--seed", "7", "--hidden", "16", "--batch-size", "50"};
        Run first = run(args), second = run(args);
        assertThat(first.out()).contains("64-16-10").contains("seed 7");
        assertThat(second.withoutTimings()).isEqualTo(first.withoutTimings());
        assertThat(run("train", "--epochs", "2", "--seed", "8", "--hidden", "16", "--batch-size", "50").withoutTimings())
                .isNotEqualTo(first.withoutTimings().replace("seed 7", "seed 8"));
    }

    @Test
    void mistakesGiveOneLineAndExitCodeTwo() {
        String[][] mistakes = {
            {"train", "cnn"}, {"train", "--dataset", "mnist"}, {"train", "--epochs", "many"}, {"train", "--epoch", "3"},
            {"train", "--epochs", "0"}, {"train", "--lr", "-1"}, {"train", "--momentum", "1"}, {"trian"},
        };
        for (String[] args : mistakes) {
            Run r = run(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.out()).as(String.join(" ", args)).isEmpty();
            assertThat(r.err().lines()).as(String.join(" ", args)).hasSize(1);
            assertThat(r.err()).as(String.join(" ", args)).doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(run("train", "cnn").err()).isEqualTo("nabla train: unknown model 'cnn'; available: mlp (see 'nabla train --help')\n");
        assertThat(run("train", "--dataset", "mnist").err()).contains("unknown dataset 'mnist'; available: digits");
        assertThat(run("train", "--epoch", "3").err()).contains("Unknown option: '--epoch'").contains("did you mean --epochs");
        assertThat(run("trian").err()).contains("did you mean train");
    }

    @Test
    void printsHelpAndVersion() {
        Run help = run("train", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: nabla train").contains("--epochs=N").contains("Default: 20").contains("--seed=N");
        Run top = run("--help");
        assertThat(top.out()).contains("Usage: nabla").contains("train");
        assertThat(run().out()).isEqualTo(top.out());
        Run version = run("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("nabla 0.").doesNotContain("unknown").contains("Java " + Runtime.version());
    }
}
