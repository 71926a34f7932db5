package org.nabla.rl.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.nabla.autograd.GradMode;
import org.nabla.nn.Module;
import org.nabla.nn.functional.F;
import org.nabla.optim.Adam;
import org.nabla.optim.GradClip;
import org.nabla.rl.env.Environment;
import org.nabla.rl.env.Step;
import org.nabla.tensor.Generator;
import org.nabla.tensor.Tensor;

/**
 * REINFORCE with a learned baseline (Williams, 1992; Sutton and Barto §13.4): a softmax policy samples whole
 * episodes; after every {@code episodesPerUpdate} episodes the policy takes an Adam step on
 * −mean(log π(a_t|s_t) · A_t) with advantages A_t = G_t − V(s_t) (normalised over the batch when asked), G_t the
 * discounted return from t, and the value network one on the squared error (V(s_t) − G_t)². Greedy evaluations
 * (argmax of the logits) run every {@code evalEvery} environment steps.
 */
public final class Reinforce {
    /** Hyper-parameters. */
    public record Options(int[] hidden, double policyLr, double valueLr, double gamma, int episodesPerUpdate, boolean normalizeAdvantages,
                          double maxGradNorm, int evalEvery, int evalEpisodes, double targetReturn, boolean stopWhenSolved) {
        public Options {
            if (!(gamma >= 0 && gamma <= 1)) throw new IllegalArgumentException("REINFORCE: γ must be in [0, 1], got " + gamma);
            if (episodesPerUpdate < 1) throw new IllegalArgumentException("REINFORCE: episodes per update must be positive, got " + episodesPerUpdate);
            if (evalEvery < 1 || evalEpisodes < 1) throw new IllegalArgumentException("REINFORCE: evaluation period and episodes must be positive");
            hidden = hidden.clone();
        }

        /** CartPole: 128-unit ReLU policy and value nets, Adam 3e-3 / 1e-2, γ 0.99, 4 episodes per update, normalised advantages. */
        public static Options cartPole() {
            return new Options(new int[] {128}, 3e-3, 1e-2, 0.99, 4, true, 1.0, 10_000, 100, 475, true);
        }

        public Options withEvaluation(int every, int episodes, double target, boolean stop) {
            return new Options(hidden, policyLr, valueLr, gamma, episodesPerUpdate, normalizeAdvantages, maxGradNorm, every, episodes, target, stop);
        }

        public Options withLearning(double policyLr, double valueLr, int episodesPerUpdate) {
            return new Options(hidden, policyLr, valueLr, gamma, episodesPerUpdate, normalizeAdvantages, maxGradNorm, evalEvery, evalEpisodes,
                    targetReturn, stopWhenSolved);
        }
    }

    private final Options options;
    private final Module policy, value;
    private final Adam policyOptimizer, valueOptimizer;

    public Reinforce(int inputs, int actions, Options options, long seed) {
        this.options = options;
        Generator init = new Generator(seed);
        policy = Networks.mlp(inputs, options.hidden(), actions, init);
        value = Networks.mlp(inputs, options.hidden(), 1, init);
        policyOptimizer = new Adam(policy.parameters(), Adam.Options.defaults().withLr(options.policyLr()));
        valueOptimizer = new Adam(value.parameters(), Adam.Options.defaults().withLr(options.valueLr()));
    }

    /** The policy network (logits). */
    public Module network() { return policy; }

    /** The baseline's network. */
    public Module baseline() { return value; }

    /** Trains for up to {@code steps} environment steps (whole episodes), recording into {@code history}. */
    public <O> TrainingHistory train(Supplier<? extends Environment<O>> make, long steps, long seed, TrainingHistory history) {
        Environment<O> env = make.get();
        Features<O> features = Features.of(env);
        int dim = features.size(), actions = env.actionSpace().n();
        Generator random = new Generator(seed * 31 + 11);
        GreedyPolicy<O> greedy = GreedyPolicy.of(policy, features);
        Tensor one = Tensor.zeros(1, dim);
        float[] oneRow = Networks.data(one);
        List<float[]> states = new ArrayList<>();
        List<Integer> taken = new ArrayList<>();
        List<Double> returnsToGo = new ArrayList<>();
        List<Double> rewards = new ArrayList<>();
        O observation = env.reset(seed);
        long step = 0, nextEval = options.evalEvery();
        int episodesInBatch = 0;
        boolean solved = false;
        while (step < steps && !solved) {
            rewards.clear();
            double total = 0;
            while (true) { // one episode, actions sampled from the policy
                float[] row = new float[dim];
                features.write(observation, row, 0);
                System.arraycopy(row, 0, oneRow, 0, dim);
                int action;
                try (var g = GradMode.noGrad()) {
                    float[] p = policy.call(one).softmax(1).toFloatArray();
                    double u = random.nextDouble(), c = 0;
                    action = actions - 1;
                    for (int a = 0; a < actions; a++) if ((c += p[a]) > u) { action = a; break; }
                }
                Step<O> s = env.step(action);
                step++;
                states.add(row);
                taken.add(action);
                rewards.add(s.reward());
                total += s.reward();
                observation = s.observation();
                if (s.done()) break;
            }
            double g = 0;
            Double[] togo = new Double[rewards.size()];
            for (int t = rewards.size() - 1; t >= 0; t--) togo[t] = g = rewards.get(t) + options.gamma() * g;
            returnsToGo.addAll(List.of(togo));
            history.episode(step, total);
            observation = env.reset();
            if (++episodesInBatch == options.episodesPerUpdate() || step >= steps) {
                update(states, taken, returnsToGo, dim);
                states.clear();
                taken.clear();
                returnsToGo.clear();
                episodesInBatch = 0;
            }
            if ((step >= nextEval || step >= steps)) {
                nextEval += options.evalEvery();
                double[] evalReturns = Evaluation.run(make, greedy, options.evalEpisodes(), 1_000_000_007L + seed * 1_000, options.evalEpisodes());
                solved = history.evaluation(step, evalReturns, policy, options.targetReturn()) && options.stopWhenSolved();
            }
        }
        history.steps(step);
        return history;
    }

    private void update(List<float[]> states, List<Integer> taken, List<Double> returnsToGo, int dim) {
        int n = states.size();
        float[] rows = new float[n * dim], g = new float[n];
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(states.get(i), 0, rows, i * dim, dim);
            a[i] = taken.get(i);
            g[i] = returnsToGo.get(i).floatValue();
        }
        Tensor x = Tensor.of(rows, n, dim), returns = Tensor.of(g, n), actions = Tensor.of(a, n, 1);
        Tensor v = value.call(x).squeeze(1);
        Tensor advantages;
        try (var off = GradMode.noGrad()) {
            advantages = returns.sub(v.detach());
            if (options.normalizeAdvantages() && n > 1) advantages = advantages.sub(advantages.mean()).div(advantages.std().add(1e-8));
        }
        Tensor logp = policy.call(x).logSoftmax(1).gather(1, actions).squeeze(1);
        Tensor policyLoss = logp.mul(advantages).mean().neg();
        policyOptimizer.zeroGrad();
        policyLoss.backward();
        if (options.maxGradNorm() > 0) GradClip.clipGradNorm(policy.parameters(), options.maxGradNorm());
        policyOptimizer.step();
        Tensor valueLoss = F.mseLoss(v, returns);
        valueOptimizer.zeroGrad();
        valueLoss.backward();
        valueOptimizer.step();
    }

}
