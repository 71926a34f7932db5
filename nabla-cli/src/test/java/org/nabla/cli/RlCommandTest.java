package org.nabla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nabla.io.Json;

/** {@code nabla rl}: each command's run folder, {@code play} on it, and the one-line errors. */
class RlCommandTest {
    @Test
    void banditWritesRegretCurvesWithUcb1sLogFit(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("bandit");
        Cli.Run r = Cli.run("rl", "bandit", "--steps", "3000", "--seed", "1", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("UCB1 regret ~");
        assertThat(Files.readAllLines(out.resolve("regret.csv")).getFirst()).isEqualTo("step,epsilon_greedy,ucb1,thompson,ucb1_log_fit");
        assertThat(out.resolve("regret.png")).isNotEmptyFile();
        Map<String, Object> s = Json.parseObject(Files.readString(out.resolve("summary.json")));
        assertThat(((Map<?, ?>) s.get("final_regret"))).hasSize(3);
        assertThat(((Number) ((Map<?, ?>) s.get("ucb1_log_fit")).get("r2")).doubleValue()).isBetween(0.0, 1.0);
        Cli.Run play = Cli.run("rl", "play", out.toString());
        assertThat(play.exitCode()).isEqualTo(1);
        assertThat(play.err().strip()).contains("a bandit run").doesNotContain("\n");
    }

    @Test
    void valueIterationAndQLearningRunsArePlayedBackGreedily(@TempDir Path tmp) throws Exception {
        Path vi = tmp.resolve("vi"), q = tmp.resolve("q");
        Cli.Run v = Cli.run("rl", "value-iteration", "--env", "frozenlake", "--eval-episodes", "200", "--out", vi.toString());
        assertThat(v.exitCode()).as(v.err()).isZero();
        assertThat(v.out()).contains("same policy: true");
        Map<String, Object> s = Json.parseObject(Files.readString(vi.resolve("summary.json")));
        assertThat(s.get("policies_equal")).isEqualTo(true);
        double success = ((Number) ((Map<?, ?>) s.get("evaluation")).get("success_rate")).doubleValue();
        assertThat(success).isGreaterThan(0.6);

        Cli.Run t = Cli.run("rl", "qlearning", "--env", "gridworld", "--steps", "20000", "--eval-episodes", "5", "--out", q.toString());
        assertThat(t.exitCode()).as(t.err()).isZero();
        assertThat(Files.readAllLines(q.resolve("returns.csv")).getFirst()).isEqualTo("episode,end_step,return");
        assertThat(q.resolve("returns.png")).isNotEmptyFile();
        Cli.Run play = Cli.run("rl", "play", q.toString(), "--episodes", "1", "--render");
        assertThat(play.exitCode()).as(play.err()).isZero();
        assertThat(play.out()).contains("[G]").contains("mean return -8.00");
    }

    @Test
    void aDqnRunSavesItsNetworkAndPlayRebuildsIt(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("dqn");
        Cli.Run r = Cli.run("rl", "dqn", "--env", "cartpole", "--steps", "400", "--hidden", "16", "--eval-every", "200", "--eval-episodes", "3",
                "--double", "--soft-tau", "0.1", "--threads", "1", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(out.resolve("model.safetensors")).isNotEmptyFile();
        Map<String, Object> s = Json.parseObject(Files.readString(out.resolve("summary.json")));
        assertThat(((java.util.List<?>) s.get("evaluations"))).hasSize(2);
        double best = ((Number) ((Map<?, ?>) s.get("evaluation")).get("mean_return")).doubleValue();
        Cli.Run play = Cli.run("rl", "play", out.toString(), "--episodes", "3", "--seed", String.valueOf(1_000_000_007L), "--threads", "1");
        assertThat(play.exitCode()).as(play.err()).isZero();
        // The saved weights are the best evaluation's; played on the evaluation's seeds they score the same.
        assertThat(play.out()).contains(String.format(java.util.Locale.ROOT, "mean return %.2f", best));
    }

    @Test
    void badInputIsOneLine(@TempDir Path tmp) throws Exception {
        Cli.Run env = Cli.run("rl", "qlearning", "--env", "mountaincar");
        assertThat(env.exitCode()).isEqualTo(2);
        assertThat(env.err().strip()).startsWith("nabla rl qlearning: --env: unknown environment 'mountaincar'").doesNotContain("\n");

        Cli.Run action = Cli.run("rl", "env", "--env", "cartpole", "--actions", "1,0,2");
        assertThat(action.exitCode()).isEqualTo(1);
        assertThat(action.err().strip()).isEqualTo("nabla rl env: CartPole-v1: action 2 is outside the action space Discrete(2) (0..1)");

        Path classifier = tmp.resolve("classifier");
        Files.createDirectories(classifier.resolve("checkpoint"));
        Files.writeString(classifier.resolve("config.json"), "{}");
        Cli.Run play = Cli.run("rl", "play", classifier.toString());
        assertThat(play.exitCode()).isEqualTo(1);
        assertThat(play.err().strip()).contains("'nabla rl play' does not apply").contains("nabla eval").doesNotContain("\n");

        Cli.Run wrong = Cli.run("rl", "value-iteration", "--env", "cartpole");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err().strip()).contains("runs on gridworld or frozenlake");
    }
}
