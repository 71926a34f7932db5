package org.nabla.rl.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** FrozenLake's maps and slip rule as Gymnasium's, the gridworld's walls, and how a table-driven environment steps. */
class TabularEnvironmentsTest {
    @Test
    void slipperyIceMovesInTheIntendedOrAPerpendicularDirectionWithGymnasiumsOrder() {
        FrozenLake lake = FrozenLake.of(4, true);
        TransitionTable p = lake.transitions();
        assertThat(p.states()).isEqualTo(16);
        assertThat(p.actions()).isEqualTo(4);
        // From S (0), DOWN (1) slips to (a-1)%4 = LEFT (stays in 0), DOWN (4), RIGHT (1), each 1/3, in that order.
        assertThat(p.outcomes(0, 1)).extracting(TransitionTable.Transition::next).containsExactly(0, 4, 1);
        assertThat(p.outcomes(0, 1)).allSatisfy(t -> assertThat(t.probability()).isEqualTo(1.0 / 3));
        // From 14, RIGHT reaches the goal with reward 1 (terminal); UP from 14 reaches 10.
        assertThat(p.outcomes(14, 2)).contains(new TransitionTable.Transition(1.0 / 3, 15, 1, true));
        // Holes and the goal are absorbing.
        for (int s : new int[] {5, 7, 11, 12, 15}) assertThat(p.outcomes(s, 0)).containsExactly(new TransitionTable.Transition(1, s, 0, true));
        assertThat(lake.cell(5)).isEqualTo('H');
        assertThat(FrozenLake.of(8, false).transitions().outcomes(0, 2)).containsExactly(new TransitionTable.Transition(1, 1, 0, false));
        assertThat(FrozenLake.of(8, true).id()).isEqualTo("FrozenLake-8x8-slippery");
    }

    @Test
    void aWalkOnDryIceReachesTheGoalAndEpisodesAreTruncatedAtTheTimeLimit() {
        FrozenLake lake = FrozenLake.of(4, false);
        assertThat(lake.reset(0)).isEqualTo(0);
        int[] path = {1, 1, 2, 2, 1, 2}; // down, down, right, right, down, right
        Step<Integer> last = null;
        for (int a : path) last = lake.step(a);
        assertThat(last.observation()).isEqualTo(15);
        assertThat(last.reward()).isEqualTo(1.0);
        assertThat(last.terminated()).isTrue();
        assertThat(lake.render()).startsWith("  (Right)\n").contains("[G]");

        lake.reset();
        Step<Integer> s = null;
        for (int t = 0; t < lake.timeLimit(); t++) s = lake.step(3); // UP against the edge forever
        assertThat(s.terminated()).isFalse();
        assertThat(s.truncated()).isTrue();
        assertThatThrownBy(() -> lake.step(4)).hasMessage("FrozenLake-4x4: action 4 is outside the action space Discrete(4) (0..3)");
    }

    @Test
    void theSameSeedGivesTheSameSlipsAndTheGridworldsWallsStopMoves() {
        int[] a = walk(FrozenLake.of(8, true), 3), b = walk(FrozenLake.of(8, true), 3), c = walk(FrozenLake.of(8, true), 4);
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);

        GridWorld grid = GridWorld.standard();
        grid.reset(0);
        assertThat(grid.step(2).observation()).isEqualTo(1);
        assertThat(grid.step(1).observation()).as("a wall below").isEqualTo(1);
        assertThat(grid.step(1).reward()).isEqualTo(-1);
        assertThat(grid.renderPolicy(new int[25])).startsWith("←←←←#\n");
        assertThat(new GridWorld(List.of("SG"), 10).transitions().outcomes(0, 2)).containsExactly(new TransitionTable.Transition(1, 1, -1, true));
    }

    private static int[] walk(FrozenLake lake, long seed) {
        int[] states = new int[40];
        lake.reset(seed);
        for (int t = 0; t < states.length; t++) {
            Step<Integer> s = lake.step(2);
            states[t] = s.observation();
            if (s.done()) lake.reset();
        }
        return states;
    }

    @Test
    void banditArmsPayAroundTheirMeans() {
        KArmedBandit gauss = KArmedBandit.random(KArmedBandit.Kind.GAUSSIAN, 10, 1), bern = new KArmedBandit(KArmedBandit.Kind.BERNOULLI, new double[] {0.2, 0.9});
        gauss.reset(5);
        bern.reset(5);
        double sum = 0, wins = 0;
        for (int i = 0; i < 4000; i++) {
            sum += gauss.step(3).reward();
            wins += bern.step(1).reward();
        }
        assertThat(sum / 4000).isCloseTo(gauss.mean(3), org.assertj.core.data.Offset.offset(0.06));
        assertThat(wins / 4000).isCloseTo(0.9, org.assertj.core.data.Offset.offset(0.02));
        assertThat(bern.optimalMean()).isEqualTo(0.9);
        assertThat(bern.step(0).terminated()).isFalse();
        assertThat(gauss.render()).contains("arm 9");
        assertThatThrownBy(() -> bern.step(-1)).hasMessageContaining("action -1 is outside the action space Discrete(2)");
    }
}
