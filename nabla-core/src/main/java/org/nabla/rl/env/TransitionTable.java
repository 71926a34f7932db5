package org.nabla.rl.env;

import java.util.ArrayList;
import java.util.List;

/**
 * A finite MDP's dynamics, Gymnasium's {@code P[s][a]}: for each state and action the list of outcomes (probability,
 * next state, reward, whether the next state is terminal). Outcomes are kept as listed (FrozenLake lists a slip into
 * a wall as its own outcome), so sampling follows Gymnasium's order. Dynamic programming reads it directly.
 */
public final class TransitionTable {
    /** One outcome of taking an action in a state. */
    public record Transition(double probability, int next, double reward, boolean terminal) {}

    private final List<List<List<Transition>>> outcomes;
    private final int actions;

    private TransitionTable(List<List<List<Transition>>> outcomes, int actions) {
        this.outcomes = outcomes;
        this.actions = actions;
    }

    public int states() { return outcomes.size(); }

    public int actions() { return actions; }

    public List<Transition> outcomes(int state, int action) { return outcomes.get(state).get(action); }

    /** The expected immediate reward plus {@code gamma} times the value of what follows: one Bellman backup. */
    public double backup(int state, int action, double[] values, double gamma) {
        double q = 0;
        for (Transition t : outcomes(state, action)) q += t.probability * (t.reward + (t.terminal ? 0 : gamma * values[t.next]));
        return q;
    }

    /** Builds a table state by state; every state must list every action's outcomes, their probabilities summing to 1. */
    public static final class Builder {
        private final int states, actions;
        private final List<List<List<Transition>>> outcomes = new ArrayList<>();

        public Builder(int states, int actions) {
            this.states = states;
            this.actions = actions;
            for (int s = 0; s < states; s++) {
                List<List<Transition>> row = new ArrayList<>();
                for (int a = 0; a < actions; a++) row.add(new ArrayList<>());
                outcomes.add(row);
            }
        }

        public Builder add(int state, int action, double probability, int next, double reward, boolean terminal) {
            outcomes.get(state).get(action).add(new Transition(probability, next, reward, terminal));
            return this;
        }

        public TransitionTable build() {
            List<List<List<Transition>>> frozen = new ArrayList<>();
            for (int s = 0; s < states; s++) {
                List<List<Transition>> row = new ArrayList<>();
                for (int a = 0; a < actions; a++) {
                    List<Transition> list = outcomes.get(s).get(a);
                    double sum = list.stream().mapToDouble(Transition::probability).sum();
                    if (Math.abs(sum - 1) > 1e-9)
                        throw new IllegalStateException("transition table: state " + s + " action " + a + " has probabilities summing to " + sum);
                    row.add(List.copyOf(list));
                }
                frozen.add(List.copyOf(row));
            }
            return new TransitionTable(List.copyOf(frozen), actions);
        }
    }
}
