package org.nabla.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.nabla.rl.env.CartPole;
import org.nabla.rl.env.Environment;
import org.nabla.rl.env.FrozenLake;
import org.nabla.rl.env.GridWorld;
import org.nabla.rl.env.KArmedBandit;

/**
 * The environment an {@code rl} command runs, as named on the command line ({@code --env} and its variants) and
 * saved in the run's agent.json so {@code rl play} rebuilds the same one.
 */
record RlEnvironment(String name, int size, boolean slippery, String bandit, int arms) {
    static final List<String> NAMES = List.of("bandit", "gridworld", "frozenlake", "cartpole");

    RlEnvironment {
        if (!NAMES.contains(name)) throw new UsageError("--env: unknown environment '" + name + "' (choose " + String.join(", ", NAMES) + ")");
        if (name.equals("frozenlake") && size != 4 && size != 8) throw new UsageError("--map: FrozenLake is 4x4 or 8x8, got " + size + "x" + size);
        if (!bandit.equals("gaussian") && !bandit.equals("bernoulli")) throw new UsageError("--bandit: gaussian or bernoulli, got '" + bandit + "'");
        if (arms < 2) throw new UsageError("--arms: a bandit needs at least 2 arms, got " + arms);
    }

    /** A fresh environment (its dynamics fixed; a bandit's means drawn from {@code seed}). */
    Supplier<Environment<?>> factory(long seed) {
        return switch (name) {
            case "bandit" -> () -> bandit(seed);
            case "gridworld" -> GridWorld::standard;
            case "frozenlake" -> () -> FrozenLake.of(size, slippery);
            default -> CartPole::new;
        };
    }

    KArmedBandit bandit(long seed) {
        return KArmedBandit.random(bandit.equals("gaussian") ? KArmedBandit.Kind.GAUSSIAN : KArmedBandit.Kind.BERNOULLI, arms, seed);
    }

    boolean tabular() { return name.equals("gridworld") || name.equals("frozenlake"); }

    /** Refuses environments a command cannot run, naming those it can. */
    RlEnvironment require(String command, String... allowed) {
        if (!List.of(allowed).contains(name))
            throw new UsageError("--env " + name + ": 'nabla rl " + command + "' runs on " + String.join(" or ", allowed));
        return this;
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("size", size);
        m.put("slippery", slippery);
        m.put("bandit", bandit);
        m.put("arms", arms);
        return m;
    }

    static RlEnvironment fromJson(Object json, String where) {
        if (!(json instanceof Map<?, ?> m) || !(m.get("name") instanceof String name))
            throw new IllegalArgumentException(where + ": no environment in agent.json");
        return new RlEnvironment(name, ((Number) m.get("size")).intValue(), Boolean.TRUE.equals(m.get("slippery")), (String) m.get("bandit"),
                ((Number) m.get("arms")).intValue());
    }
}
