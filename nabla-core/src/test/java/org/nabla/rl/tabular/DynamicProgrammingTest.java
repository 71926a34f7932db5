package org.nabla.rl.tabular;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nabla.rl.env.FrozenLake;
import org.nabla.rl.env.GridWorld;
import org.nabla.rl.env.TransitionTable;

/** Value iteration and policy iteration agree, and their values satisfy the Bellman optimality equation. */
class DynamicProgrammingTest {
    @Test
    void valueIterationsPolicyEqualsPolicyIterationsOnEveryMap() {
        for (TransitionTable t : new TransitionTable[] {FrozenLake.of(4, true).transitions(), FrozenLake.of(8, true).transitions(),
                FrozenLake.of(4, false).transitions(), GridWorld.standard().transitions()}) {
            DynamicProgramming.Solution vi = DynamicProgramming.valueIteration(t, 0.99, 1e-10);
            DynamicProgramming.Solution pi = DynamicProgramming.policyIteration(t, 0.99, 1e-10);
            assertThat(vi.policy()).containsExactly(pi.policy());
            for (int s = 0; s < t.states(); s++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int a = 0; a < t.actions(); a++) best = Math.max(best, t.backup(s, a, vi.values(), 0.99));
                assertThat(vi.values()[s]).as("Bellman residual at %d", s).isCloseTo(best, org.assertj.core.data.Offset.offset(1e-8));
                assertThat(pi.values()[s]).isCloseTo(vi.values()[s], org.assertj.core.data.Offset.offset(1e-7));
            }
        }
    }

    @Test
    void undiscountedGridworldValuesAreMinusTheShortestPathLength() {
        GridWorld grid = GridWorld.standard();
        DynamicProgramming.Solution vi = DynamicProgramming.valueIteration(grid.transitions(), 1.0, 1e-12);
        assertThat(vi.values()[0]).isEqualTo(-8.0); // 8 moves from S to G around the walls
        assertThat(vi.values()[19]).isEqualTo(-1.0); // the cell above G
        // Following the greedy policy from S reaches G in 8 steps.
        grid.reset(0);
        int steps = 0, s = 0;
        boolean done = false;
        while (!done) {
            var step = grid.step(vi.policy()[s]);
            s = step.observation();
            done = step.done();
            steps++;
        }
        assertThat(steps).isEqualTo(8);
        assertThat(grid.cell(s)).isEqualTo('G');
    }
}
