package org.nabla.cli;

/**
 * A mistake in the arguments that shows only once the data is known (a validation split that leaves nothing to
 * train on, a schedule that needs more steps than the run has): reported like a picocli usage error, in one line
 * naming the option, with exit code 2.
 */
final class UsageError extends IllegalArgumentException {
    UsageError(String message) { super(message); }
}
