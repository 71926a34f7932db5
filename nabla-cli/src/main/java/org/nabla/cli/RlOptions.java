package org.nabla.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every {@code nabla rl} training command shares: environment, budget, seed, run folder, threads. */
final class RlOptions {
    @Option(names = "--env", paramLabel = "ENV", description = "Environment: bandit, gridworld, frozenlake or cartpole.")
    String env;

    @Option(names = "--steps", paramLabel = "N", description = "Environment steps to train for (bandit: pulls).")
    Long steps;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of everything random. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--map", paramLabel = "N", defaultValue = "4", description = "FrozenLake's map: 4 (4x4) or 8 (8x8). Default: ${DEFAULT-VALUE}.")
    int map;

    @Option(names = "--slippery", paramLabel = "BOOL", arity = "1", defaultValue = "true", description = "FrozenLake's ice is slippery. Default: ${DEFAULT-VALUE}.")
    boolean slippery;

    @Option(names = "--bandit", paramLabel = "KIND", defaultValue = "gaussian", description = "Bandit arms: gaussian or bernoulli. Default: ${DEFAULT-VALUE}.")
    String bandit;

    @Option(names = "--arms", paramLabel = "K", defaultValue = "10", description = "Bandit arms. Default: ${DEFAULT-VALUE}.")
    int arms;

    @Option(names = "--eval-episodes", paramLabel = "N", description = "Greedy evaluation episodes. Default: 100 (cartpole), 1000 (tabular).")
    Integer evalEpisodes;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder to create. Default: runs/rl-<algorithm>-<env>-<date>-<time>.")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "Kernel threads. Default: $NABLA_THREADS or the number of cores.")
    Integer threads;

    RlEnvironment environment(String defaultEnv) {
        return new RlEnvironment(env == null ? defaultEnv : env, map, slippery, bandit, arms);
    }

    long steps(long defaultSteps) {
        long n = steps == null ? defaultSteps : steps;
        if (n < 1) throw new UsageError("--steps must be positive, got " + n);
        return n;
    }

    int evalEpisodes(RlEnvironment e) {
        int n = evalEpisodes != null ? evalEpisodes : e.tabular() ? 1000 : 100;
        if (n < 1) throw new UsageError("--eval-episodes must be positive, got " + n);
        return n;
    }
}
