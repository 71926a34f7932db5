package org.nabla.rl.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nabla.io.Json;

/**
 * CartPole-v1 against the trace of Gymnasium's equations written by fixtures/rl/make_cartpole_trace.py. States and
 * float32 observations agree bit for bit over all 500 steps of the longest episode (the products are grouped as
 * Gymnasium's Python groups them: a grouping that rounds differently drifted to 1e-8 by step 500).
 */
class CartPoleTraceTest {
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> episodes() throws IOException {
        try (InputStream in = CartPoleTraceTest.class.getResourceAsStream("/fixtures/rl/cartpole_trace.json")) {
            return (List<Map<String, Object>>) Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)).get("episodes");
        }
    }

    private static double[] doubles(Object list) { return ((List<?>) list).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray(); }

    @Test
    @SuppressWarnings("unchecked")
    void stepsFollowTheReferenceEquationsBitForBitAndEndWhereGymnasiumDoes() throws IOException {
        List<Map<String, Object>> episodes = episodes();
        assertThat(episodes).hasSize(4);
        int truncatedEpisodes = 0;
        for (Map<String, Object> e : episodes) {
            CartPole env = new CartPole();
            env.resetTo(doubles(e.get("start")));
            List<Map<String, Object>> steps = (List<Map<String, Object>>) e.get("steps");
            for (int t = 0; t < steps.size(); t++) {
                Map<String, Object> want = steps.get(t);
                Step<float[]> got = env.step(((Number) want.get("action")).intValue());
                double[] state = doubles(want.get("state")), obs = doubles(want.get("observation"));
                for (int i = 0; i < 4; i++) {
                    assertThat(env.state()[i]).as("step %d state %d", t + 1, i).isEqualTo(state[i]);
                    assertThat((double) got.observation()[i]).as("step %d observation %d", t + 1, i).isEqualTo(obs[i]);
                }
                assertThat(got.reward()).isEqualTo(1.0);
                assertThat(got.terminated()).as("step %d terminated", t + 1).isEqualTo(want.get("terminated"));
                assertThat(got.truncated()).as("step %d truncated", t + 1).isEqualTo(want.get("truncated"));
            }
            if (Boolean.TRUE.equals(steps.getLast().get("truncated"))) truncatedEpisodes++;
        }
        assertThat(truncatedEpisodes).as("the balancing episode reaches the 500-step limit").isEqualTo(1);
    }

    @Test
    void resetDrawsSmallStatesFromTheSeedAndActionsOutsideTheSpaceAreRefused() {
        CartPole a = new CartPole(), b = new CartPole();
        float[] x = a.reset(7), y = b.reset(7);
        assertThat(x).containsExactly(y);
        for (float v : x) assertThat(v).isBetween(-0.05f, 0.05f);
        assertThat(a.reset(8)).isNotEqualTo(x);
        assertThat(a.observationSpace().contains(x)).isTrue();
        assertThatThrownBy(() -> a.step(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CartPole-v1: action 2 is outside the action space Discrete(2) (0..1)");
        assertThat(a.render()).contains("x=").contains("θ=").hasLineCount(1);
    }
}
