package org.nabla.rl.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nabla.rl.env.CartPole;
import org.nabla.rl.env.GridWorld;
import org.nabla.tensor.Tensor;

/** DQN and REINFORCE: seeded runs repeat exactly, and both learn a small task. */
class AgentsTest {
    /** A small DQN: learns after 200 steps, one gradient step per environment step, evaluation every 500 steps. */
    private static Dqn.Options small() {
        return Dqn.Options.cartPole().withNetwork(new int[] {32}, 1e-2).withTraining(32, 200, 1, 1).withEvaluation(500, 5, 1.0, true);
    }

    @Test
    void dqnLearnsAShortestPathAndRepeatsRunForRun() {
        Dqn.Options o = small().withEvaluation(250, 1, -4, true);
        Dqn a = new Dqn(5, 4, o, 3), b = new Dqn(5, 4, o, 3);
        TrainingHistory ha = a.train(AgentsTest::corridor, 1_500, 3, new TrainingHistory(null));
        TrainingHistory hb = b.train(AgentsTest::corridor, 1_500, 3, new TrainingHistory(null));
        assertThat(ha.solvedAt()).as("the greedy policy walks S..G in 4 steps").isPositive();
        assertThat(ha.best().mean()).isEqualTo(-4.0);
        assertThat(hb.returns()).isEqualTo(ha.returns());
        assertSameWeights(a.network().stateDict(), b.network().stateDict());
    }

    @Test
    void doubleDqnWithSoftUpdatesAndGradientClippingIsReproducibleToo() {
        Dqn.Options o = small().withDoubleDqn(true).withSoftUpdate(0.05).withEvaluation(300, 3, 500, false);
        Dqn a = new Dqn(4, 2, o, 1), b = new Dqn(4, 2, o, 1);
        TrainingHistory h = a.train(CartPole::new, 600, 1, new TrainingHistory(null));
        b.train(CartPole::new, 600, 1, new TrainingHistory(null));
        assertThat(h.steps()).isEqualTo(600);
        assertThat(h.evaluations()).hasSize(2);
        assertSameWeights(a.network().stateDict(), b.network().stateDict());
    }

    @Test
    void reinforceWithABaselineImprovesOnCartPoleAndRepeats() {
        Reinforce.Options o = Reinforce.Options.cartPole().withEvaluation(3_000, 10, 500, false).withLearning(1e-2, 1e-2, 2);
        Reinforce a = new Reinforce(4, 2, o, 5), b = new Reinforce(4, 2, o, 5);
        TrainingHistory h = a.train(CartPole::new, 6_000, 5, new TrainingHistory(null));
        b.train(CartPole::new, 6_000, 5, new TrainingHistory(null));
        double first = h.returns().subList(0, 20).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(h.recentMean(20)).as("from %.1f", first).isGreaterThan(2 * first);
        assertSameWeights(a.network().stateDict(), b.network().stateDict());
        assertSameWeights(a.baseline().stateDict(), b.baseline().stateDict());
    }

    /** S...G: four moves right, -1 each. */
    private static GridWorld corridor() { return new GridWorld(java.util.List.of("S...G"), 30); }

    private static void assertSameWeights(Map<String, Tensor> x, Map<String, Tensor> y) {
        assertThat(y.keySet()).isEqualTo(x.keySet());
        x.forEach((k, t) -> assertThat(y.get(k).toFloatArray()).as(k).containsExactly(t.toFloatArray()));
    }
}
