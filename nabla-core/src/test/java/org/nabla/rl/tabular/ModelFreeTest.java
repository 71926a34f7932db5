package org.nabla.rl.tabular;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.nabla.rl.env.FrozenLake;
import org.nabla.rl.env.GridWorld;

/** Monte Carlo and TD(0) predict what dynamic programming computes; SARSA and Q-learning find good policies. */
class ModelFreeTest {
    @Test
    void firstVisitMonteCarloAndTd0ApproachThePoliciesTrueValues() {
        FrozenLake lake = FrozenLake.of(4, true);
        int[] policy = DynamicProgramming.valueIteration(lake.transitions(), 0.9, 1e-10).policy();
        double[] truth = DynamicProgramming.evaluate(lake.transitions(), policy, 0.9, 1e-10, new double[16]);
        double[] mc = Prediction.firstVisitMonteCarlo(FrozenLake.of(4, true), policy, 4_000, 0.9, 1);
        double[] td = Prediction.td0(FrozenLake.of(4, true), policy, 4_000, 0.02, 0.9, 1);
        for (int s : new int[] {0, 4, 8, 9, 10, 13, 14}) { // states the policy visits often
            assertThat(mc[s]).as("MC at %d", s).isCloseTo(truth[s], Offset.offset(0.04));
            assertThat(td[s]).as("TD(0) at %d", s).isCloseTo(truth[s], Offset.offset(0.06));
        }
    }

    @Test
    void qLearningAndSarsaLearnTheShortestPathOfTheGridworld() {
        for (TdControl.Method m : TdControl.Method.values()) {
            int[] episodes = {0};
            QTable q = TdControl.learn(m, GridWorld.standard(), 30_000, new TdControl.Options(1.0, 0.5, 0.1, 1.0, 0.0, 0.5), 2, (t, r) -> episodes[0]++);
            assertThat(episodes[0]).isGreaterThan(100);
            assertThat(q.max(0)).as(m + ": Q of the start").isCloseTo(-8, Offset.offset(0.5));
            GridWorld grid = GridWorld.standard();
            grid.reset(0);
            double total = 0;
            int s = 0;
            for (int t = 0; t < 20; t++) {
                var step = grid.step(q.greedy(s));
                total += step.reward();
                s = step.observation();
                if (step.done()) break;
            }
            assertThat(total).as(m + ": greedy return").isEqualTo(-8);
        }
    }

    @Test
    void qLearningOnDryIceReachesTheGoalEveryTime() {
        QTable q = TdControl.learn(TdControl.Method.Q_LEARNING, FrozenLake.of(4, false), 20_000, TdControl.Options.defaults(), 5, (t, r) -> {});
        FrozenLake lake = FrozenLake.of(4, false);
        lake.reset(0);
        int s = 0;
        double total = 0;
        for (int t = 0; t < 20; t++) {
            var step = lake.step(q.greedy(s));
            total += step.reward();
            s = step.observation();
            if (step.done()) break;
        }
        assertThat(total).isEqualTo(1.0);
    }
}
