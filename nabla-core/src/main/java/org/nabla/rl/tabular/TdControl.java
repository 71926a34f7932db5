package org.nabla.rl.tabular;

import org.nabla.rl.env.Step;
import org.nabla.rl.env.TabularEnvironment;
import org.nabla.tensor.Generator;

/**
 * On- and off-policy temporal-difference control with an ε-greedy behaviour policy: SARSA's target is
 * r + γ Q(s', a') for the action a' it will take, Q-learning's r + γ max Q(s', ·). A terminal s' bootstraps from 0; a
 * truncated episode (time limit) still bootstraps, its state not being terminal. ε decays linearly from
 * {@code epsilonStart} to {@code epsilonEnd} over the first {@code epsilonDecayShare} of the steps, the step size
 * α likewise from {@code alphaStart} to {@code alphaEnd} over all of them.
 */
public final class TdControl {
    public enum Method { SARSA, Q_LEARNING }

    /** Hyper-parameters. */
    public record Options(double gamma, double alphaStart, double alphaEnd, double epsilonStart, double epsilonEnd, double epsilonDecayShare) {
        public Options {
            if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("TD control: γ must be in [0, 1], got " + gamma);
            if (!(alphaStart > 0 && alphaStart <= 1 && alphaEnd > 0 && alphaEnd <= 1))
                throw new IllegalArgumentException("TD control: α must be in (0, 1], got " + alphaStart + " → " + alphaEnd);
            if (!(epsilonStart >= 0 && epsilonStart <= 1 && epsilonEnd >= 0 && epsilonEnd <= 1))
                throw new IllegalArgumentException("TD control: ε must be in [0, 1], got " + epsilonStart + " → " + epsilonEnd);
            if (!(epsilonDecayShare > 0 && epsilonDecayShare <= 1))
                throw new IllegalArgumentException("TD control: the ε decay share must be in (0, 1], got " + epsilonDecayShare);
        }

        /** γ 0.99, α 0.1 → 0.01, ε 1 → 0.01 over the first 80% of the steps. */
        public static Options defaults() { return new Options(0.99, 0.1, 0.01, 1.0, 0.01, 0.8); }
    }

    /** Called at the end of each training episode. */
    @FunctionalInterface
    public interface EpisodeEnd {
        void accept(long step, double undiscountedReturn);
    }

    private TdControl() {}

    /**
     * Learns Q over {@code steps} environment steps of {@code env} (reset once with {@code seed}, then continued; the
     * last episode runs to its end), calling {@code onReturn} with each episode's undiscounted return. The schedules
     * of ε and α follow the share of the steps taken.
     */
    public static QTable learn(Method method, TabularEnvironment env, long steps, Options o, long seed, EpisodeEnd onReturn) {
        if (steps < 1) throw new IllegalArgumentException("TD control: steps must be positive, got " + steps);
        QTable q = new QTable(env.observationSpace().n(), env.actionSpace().n());
        Generator random = new Generator(seed ^ 0x5DEECE66DL);
        int s = env.reset(seed);
        long t = 0;
        while (t < steps) {
            double epsilon = epsilon(o, t, steps);
            int a = q.epsilonGreedy(s, epsilon, random);
            double total = 0;
            while (true) {
                double progress = Math.min(1, (double) t / steps), alpha = o.alphaStart + (o.alphaEnd - o.alphaStart) * progress;
                Step<Integer> step = env.step(a);
                t++;
                int next = step.observation();
                total += step.reward();
                int nextAction = q.epsilonGreedy(next, epsilon(o, t, steps), random);
                double bootstrap = step.terminated() ? 0 : method == Method.SARSA ? q.get(next, nextAction) : q.max(next);
                q.set(s, a, q.get(s, a) + alpha * (step.reward() + o.gamma * bootstrap - q.get(s, a)));
                if (step.done()) break;
                s = next;
                a = nextAction;
            }
            onReturn.accept(t, total);
            s = env.reset();
        }
        return q;
    }

    private static double epsilon(Options o, long t, long steps) {
        return o.epsilonStart + (o.epsilonEnd - o.epsilonStart) * Math.min(1, t / (o.epsilonDecayShare * steps));
    }
}
