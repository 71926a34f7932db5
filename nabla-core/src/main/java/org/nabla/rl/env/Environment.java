package org.nabla.rl.env;

/**
 * An environment with Gymnasium's interface: {@link #reset(long)} seeds it and starts an episode, {@link #step(int)}
 * applies an action from the discrete {@link #actionSpace()}. {@link #reset()} starts the next episode from the
 * generator's current state, so a run seeded once is reproducible.
 *
 * @param <O> the observation: an {@code Integer} state for tabular environments, a {@code float[]} for CartPole
 */
public interface Environment<O> {
    /** Seeds the environment's generator and starts an episode. */
    O reset(long seed);

    /** Starts another episode, continuing the generator. */
    O reset();

    /** Applies {@code action}; an action outside {@link #actionSpace()} is an {@code IllegalArgumentException}. */
    Step<O> step(int action);

    Space.Discrete actionSpace();

    Space observationSpace();

    /** The current state drawn as text for a terminal. */
    String render();

    /** The name the command line knows it by, with its variant (e.g. {@code FrozenLake-4x4-slippery}). */
    String id();
}
