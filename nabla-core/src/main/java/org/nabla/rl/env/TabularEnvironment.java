package org.nabla.rl.env;

import java.util.List;
import org.nabla.tensor.Generator;

/**
 * An environment defined by a {@link TransitionTable} (Gymnasium's toy-text {@code DiscreteEnv}): the state is an
 * integer, a step draws one outcome of {@code P[s][a]} the way Gymnasium's {@code categorical_sample} does (the
 * first outcome whose cumulative probability exceeds a uniform draw), and a time limit truncates long episodes.
 */
public abstract class TabularEnvironment implements Environment<Integer> {
    private final TransitionTable table;
    private final int start, timeLimit;
    private final Generator random = new Generator(0);
    private int state, elapsed, lastAction = -1;

    protected TabularEnvironment(TransitionTable table, int start, int timeLimit) {
        this.table = table;
        this.start = start;
        this.timeLimit = timeLimit;
    }

    /** The dynamics, for dynamic programming. */
    public TransitionTable transitions() { return table; }

    public int state() { return state; }

    /** The last action taken this episode, or -1. */
    protected int lastAction() { return lastAction; }

    public int timeLimit() { return timeLimit; }

    @Override
    public Integer reset(long seed) {
        random.seed(seed);
        return reset();
    }

    @Override
    public Integer reset() {
        state = start;
        elapsed = 0;
        lastAction = -1;
        return state;
    }

    @Override
    public Step<Integer> step(int action) {
        actionSpace().check(action, id());
        List<TransitionTable.Transition> outcomes = table.outcomes(state, action);
        double u = random.nextDouble(), cumulative = 0;
        TransitionTable.Transition chosen = outcomes.getLast();
        for (TransitionTable.Transition t : outcomes) {
            cumulative += t.probability();
            if (cumulative > u) {
                chosen = t;
                break;
            }
        }
        state = chosen.next();
        lastAction = action;
        elapsed++;
        return new Step<>(state, chosen.reward(), chosen.terminal(), !chosen.terminal() && elapsed >= timeLimit);
    }

    @Override
    public Space.Discrete actionSpace() { return new Space.Discrete(table.actions()); }

    @Override
    public Space.Discrete observationSpace() { return new Space.Discrete(table.states()); }

    /** A deterministic policy (one action per state) drawn on the map. */
    public abstract String renderPolicy(int[] policy);
}
