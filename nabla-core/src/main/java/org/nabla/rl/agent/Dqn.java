package org.nabla.rl.agent;

import java.util.List;
import java.util.function.Supplier;
import org.nabla.autograd.GradMode;
import org.nabla.nn.Module;
import org.nabla.nn.Parameter;
import org.nabla.nn.functional.F;
import org.nabla.nn.loss.Reduction;
import org.nabla.optim.Adam;
import org.nabla.optim.GradClip;
import org.nabla.rl.env.Environment;
import org.nabla.rl.env.Step;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * Deep Q-learning (Mnih et al., 2015): an online network acts ε-greedily, its transitions fill a
 * {@link ReplayBuffer}, and every {@code trainEvery} steps it takes {@code gradientSteps} Adam steps on the Huber
 * loss between Q(s, a) and r + γ (1 − terminated) max Q_target(s', ·) — or, as Double DQN (van Hasselt et al.,
 * 2016), Q_target(s', argmax Q(s', ·)). The target network is copied from the online one every
 * {@code targetUpdate} environment steps (hard) or moved towards it by τ after each gradient step (soft, when
 * {@code targetUpdate} is 0). Gradients are clipped to a global norm. Seeded: the network's initial weights,
 * exploration, replay sampling and the environment all draw from the seed, so a run repeats exactly.
 */
public final class Dqn {
    /** Hyper-parameters; {@link #cartPole()} are RL Zoo's tuned values for CartPole-v1. */
    public record Options(int[] hidden, double lr, double gamma, int batchSize, int bufferSize, int learningStarts, int trainEvery,
                          int gradientSteps, int targetUpdate, double tau, double epsilonStart, double epsilonEnd, double epsilonFraction,
                          boolean doubleDqn, double maxGradNorm, double huberDelta, int evalEvery, int evalEpisodes, double targetReturn,
                          boolean stopWhenSolved) {
        public Options {
            if (batchSize < 1 || bufferSize < batchSize) throw new IllegalArgumentException("DQN: need 1 <= batch size <= buffer size, got " + batchSize + ", " + bufferSize);
            if (trainEvery < 1 || gradientSteps < 1) throw new IllegalArgumentException("DQN: train every and gradient steps must be positive");
            if (targetUpdate < 0 || (targetUpdate == 0 && !(tau > 0 && tau <= 1)))
                throw new IllegalArgumentException("DQN: a hard target update period >= 1, or 0 with a soft update τ in (0, 1]");
            if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("DQN: γ must be in [0, 1], got " + gamma);
            if (!(epsilonFraction > 0 && epsilonFraction <= 1)) throw new IllegalArgumentException("DQN: ε fraction must be in (0, 1], got " + epsilonFraction);
            if (evalEvery < 1 || evalEpisodes < 1) throw new IllegalArgumentException("DQN: evaluation period and episodes must be positive");
            hidden = hidden.clone();
        }

        /**
         * RL Zoo's CartPole-v1 DQN: 256-256 ReLU MLP, Adam 2.3e-3, γ 0.99, batch 64, buffer 100k, learning from step
         * 1,000, 128 gradient steps every 256 environment steps, hard target update every 10 steps, ε 1 → 0.04 over the
         * first 16% of the run; plus Huber loss, gradient norm 10, a greedy evaluation of 100 episodes every 2,500
         * steps, stopping at a mean of 475.
         */
        public static Options cartPole() {
            return new Options(new int[] {256, 256}, 2.3e-3, 0.99, 64, 100_000, 1_000, 256, 128, 10, 1.0, 1.0, 0.04, 0.16, false, 10, 1.0,
                    2_500, 100, 475, true);
        }

        public Options withDoubleDqn(boolean on) {
            return new Options(hidden, lr, gamma, batchSize, bufferSize, learningStarts, trainEvery, gradientSteps, targetUpdate, tau, epsilonStart,
                    epsilonEnd, epsilonFraction, on, maxGradNorm, huberDelta, evalEvery, evalEpisodes, targetReturn, stopWhenSolved);
        }

        /** Soft target updates with rate τ instead of hard copies. */
        public Options withSoftUpdate(double tau) {
            return new Options(hidden, lr, gamma, batchSize, bufferSize, learningStarts, trainEvery, gradientSteps, 0, tau, epsilonStart,
                    epsilonEnd, epsilonFraction, doubleDqn, maxGradNorm, huberDelta, evalEvery, evalEpisodes, targetReturn, stopWhenSolved);
        }

        public Options withEvaluation(int every, int episodes, double target, boolean stop) {
            return new Options(hidden, lr, gamma, batchSize, bufferSize, learningStarts, trainEvery, gradientSteps, targetUpdate, tau, epsilonStart,
                    epsilonEnd, epsilonFraction, doubleDqn, maxGradNorm, huberDelta, every, episodes, target, stop);
        }

        public Options withTraining(int batchSize, int learningStarts, int trainEvery, int gradientSteps) {
            return new Options(hidden, lr, gamma, batchSize, bufferSize, learningStarts, trainEvery, gradientSteps, targetUpdate, tau, epsilonStart,
                    epsilonEnd, epsilonFraction, doubleDqn, maxGradNorm, huberDelta, evalEvery, evalEpisodes, targetReturn, stopWhenSolved);
        }

        public Options withNetwork(int[] hidden, double lr) {
            return new Options(hidden, lr, gamma, batchSize, bufferSize, learningStarts, trainEvery, gradientSteps, targetUpdate, tau, epsilonStart,
                    epsilonEnd, epsilonFraction, doubleDqn, maxGradNorm, huberDelta, evalEvery, evalEpisodes, targetReturn, stopWhenSolved);
        }

        /** ε after {@code step} of {@code totalSteps}: linear from start to end over the first {@code epsilonFraction}, then flat. */
        public double epsilon(long step, long totalSteps) {
            double progress = Math.min(1, step / (epsilonFraction * totalSteps));
            return epsilonStart + (epsilonEnd - epsilonStart) * progress;
        }
    }

    private final Options options;
    private final Module online, target;
    private final Adam optimizer;
    private final List<Parameter> parameters, targetParameters;

    /** A fresh agent for observations of {@code inputs} features and {@code actions} actions, its weights drawn from {@code seed}. */
    public Dqn(int inputs, int actions, Options options, long seed) {
        this.options = options;
        Generator init = new Generator(seed);
        online = Networks.mlp(inputs, options.hidden(), actions, init);
        target = Networks.mlp(inputs, options.hidden(), actions, init);
        Networks.copy(online, target);
        parameters = online.parameters();
        targetParameters = target.parameters();
        optimizer = new Adam(parameters, Adam.Options.defaults().withLr(options.lr()));
    }

    /** The online Q-network. */
    public Module network() { return online; }

    /**
     * Trains for up to {@code steps} environment steps on environments from {@code make} (one for training, and
     * fresh ones for the greedy evaluations, seeded apart from training), recording into {@code history}.
     */
    public <O> TrainingHistory train(Supplier<? extends Environment<O>> make, long steps, long seed, TrainingHistory history) {
        Environment<O> env = make.get();
        Features<O> features = Features.of(env);
        int dim = features.size(), actions = env.actionSpace().n();
        Generator random = new Generator(seed * 31 + 7);
        ReplayBuffer buffer = new ReplayBuffer(Math.min(options.bufferSize(), (int) Math.min(Integer.MAX_VALUE, steps)), dim);
        ReplayBuffer.Sample batch = new ReplayBuffer.Sample(options.batchSize(), dim);
        Tensor one = Tensor.zeros(1, dim);
        float[] oneRow = Networks.data(one), state = new float[dim], nextState = new float[dim];
        GreedyPolicy<O> greedy = GreedyPolicy.of(online, features);
        O observation = env.reset(seed);
        features.write(observation, state, 0);
        double episodeReturn = 0;
        long step = 0;
        while (step < steps) {
            int action;
            if (random.nextDouble() < options.epsilon(step, steps)) action = (int) random.nextLong(actions);
            else {
                System.arraycopy(state, 0, oneRow, 0, dim);
                try (var g = GradMode.noGrad()) {
                    action = (int) online.call(one).argmax().item();
                }
            }
            Step<O> s = env.step(action);
            step++;
            features.write(s.observation(), nextState, 0);
            buffer.add(state, action, s.reward(), nextState, s.terminated());
            episodeReturn += s.reward();
            if (s.done()) {
                history.episode(step, episodeReturn);
                episodeReturn = 0;
                features.write(env.reset(), state, 0);
            } else System.arraycopy(nextState, 0, state, 0, dim);
            if (step >= options.learningStarts() && step % options.trainEvery() == 0)
                for (int k = 0; k < options.gradientSteps(); k++) learn(buffer, batch, random);
            if (options.targetUpdate() > 0 && step % options.targetUpdate() == 0) Networks.copy(online, target);
            if (step % options.evalEvery() == 0 || step == steps) {
                double[] evalReturns = Evaluation.run(make, greedy, options.evalEpisodes(), 1_000_000_007L + seed * 1_000, options.evalEpisodes());
                if (history.evaluation(step, evalReturns, online, options.targetReturn()) && options.stopWhenSolved()) break;
            }
        }
        history.steps(step);
        return history;
    }

    /** One gradient step on a sampled mini-batch. */
    private void learn(ReplayBuffer buffer, ReplayBuffer.Sample batch, Generator random) {
        buffer.sample(random, batch);
        Tensor targetValues;
        try (var g = GradMode.noGrad()) {
            Tensor nextQ = target.call(batch.nextStates());
            Tensor nextValue = options.doubleDqn()
                    ? nextQ.gather(1, online.call(batch.nextStates()).argmax(1, true)).squeeze(1)
                    : nextQ.amax(new int[] {1}, false);
            targetValues = batch.rewards().add(nextValue.mul(batch.terminals().neg().add(1)).mul(options.gamma()));
        }
        Tensor q = online.call(batch.states()).gather(1, batch.actions()).squeeze(1);
        Tensor loss = F.huberLoss(q, targetValues, options.huberDelta(), Reduction.MEAN);
        optimizer.zeroGrad();
        loss.backward();
        if (options.maxGradNorm() > 0) GradClip.clipGradNorm(parameters, options.maxGradNorm());
        optimizer.step();
        if (options.targetUpdate() == 0) softUpdate();
    }

    /** θ_target ← τ θ + (1 − τ) θ_target. */
    private void softUpdate() {
        double tau = options.tau();
        try (var g = GradMode.noGrad()) {
            for (int i = 0; i < parameters.size(); i++) {
                Tensor t = targetParameters.get(i);
                t.copyFrom(t.mul(1 - tau).add(parameters.get(i).mul(tau)));
            }
        }
    }
}
