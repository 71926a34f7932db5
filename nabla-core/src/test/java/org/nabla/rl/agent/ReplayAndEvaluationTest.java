package org.nabla.rl.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nabla.rl.env.CartPole;
import org.nabla.rl.env.FrozenLake;
import org.nabla.tensor.Generator;

/** The replay ring and its preallocated samples; greedy evaluation in lockstep. */
class ReplayAndEvaluationTest {
    @Test
    void theBufferKeepsTheLastTransitionsAndSamplesThemIntoTheSameTensors() {
        ReplayBuffer buffer = new ReplayBuffer(5, 2);
        for (int i = 0; i < 8; i++) buffer.add(new float[] {i, -i}, i % 2, i * 10, new float[] {i + 1, -i - 1}, i == 7);
        assertThat(buffer.size()).isEqualTo(5);
        ReplayBuffer.Sample sample = new ReplayBuffer.Sample(64, 2);
        var states = sample.states();
        buffer.sample(new Generator(1), sample);
        assertThat(sample.states()).isSameAs(states);
        float[] s = sample.states().toFloatArray(), next = sample.nextStates().toFloatArray(), r = sample.rewards().toFloatArray(),
                done = sample.terminals().toFloatArray();
        long[] a = sample.actions().toLongArray();
        Set<Integer> seen = new HashSet<>();
        for (int k = 0; k < 64; k++) {
            int i = (int) s[2 * k];
            seen.add(i);
            assertThat(s[2 * k + 1]).isEqualTo(-i);
            assertThat(next[2 * k]).isEqualTo(i + 1);
            assertThat(a[k]).isEqualTo(i % 2);
            assertThat(r[k]).isEqualTo(i * 10);
            assertThat(done[k]).isEqualTo(i == 7 ? 1 : 0);
        }
        assertThat(seen).containsExactlyInAnyOrder(3, 4, 5, 6, 7); // 0-2 were overwritten
    }

    @Test
    void lockstepEvaluationGivesEachEpisodeTheReturnItHasAlone() {
        GreedyPolicy<float[]> leanRight = (obs, actions) -> {
            for (int i = 0; i < obs.size(); i++) actions[i] = obs.get(i)[2] + 0.5f * obs.get(i)[3] > 0 ? 1 : 0;
        };
        double[] alone = Evaluation.run(CartPole::new, leanRight, 9, 40, 1), batched = Evaluation.run(CartPole::new, leanRight, 9, 40, 4);
        assertThat(batched).containsExactly(alone);
        StringBuilder frames = new StringBuilder();
        double[] rendered = Evaluation.run(() -> FrozenLake.of(4, false), GreedyPolicy.of(new int[] {1, 0, 0, 0, 1, 0, 0, 0, 2, 1, 0, 0, 0, 2, 2, 0}), 1, 0, 8,
                f -> frames.append(f).append('\n'));
        assertThat(rendered).containsExactly(1.0);
        assertThat(frames.toString()).contains("[G]");
    }
}
