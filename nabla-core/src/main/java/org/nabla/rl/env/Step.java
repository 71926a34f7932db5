package org.nabla.rl.env;

/**
 * What one {@link Environment#step} returns, as Gymnasium's 5-tuple without {@code info}: the next observation, the
 * reward, whether a terminal state was reached ({@code terminated}) and whether a time limit cut the episode short
 * ({@code truncated}; the state is not terminal, so bootstrapping from it stays correct).
 */
public record Step<O>(O observation, double reward, boolean terminated, boolean truncated) {
    /** The episode is over, for either reason. */
    public boolean done() { return terminated || truncated; }
}
