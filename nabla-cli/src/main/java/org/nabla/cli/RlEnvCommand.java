package org.nabla.cli;

import java.util.concurrent.Callable;
import org.nabla.rl.env.Environment;
import org.nabla.rl.env.Step;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nabla rl env}: steps an environment by hand with given actions, printing each frame. */
@Command(name = "env", mixinStandardHelpOptions = true, description = "Steps an environment with the given actions and renders it.")
final class RlEnvCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    RlOptions o;

    @Option(names = "--actions", paramLabel = "A,A,...", required = true, split = ",", description = "Actions to take, in order.")
    int[] actions;

    @Override
    public Integer call() {
        java.io.PrintWriter out = spec.commandLine().getOut();
        RlEnvironment env = o.environment("frozenlake");
        @SuppressWarnings("unchecked")
        Environment<Object> e = (Environment<Object>) env.factory(o.seed).get();
        e.reset(o.seed);
        out.println(e.id() + ": actions " + e.actionSpace() + ", observations " + e.observationSpace());
        out.println(e.render());
        double total = 0;
        for (int a : actions) {
            Step<Object> s = e.step(a);
            total += s.reward();
            out.println(e.render());
            out.printf(java.util.Locale.ROOT, "action %d: reward %s, terminated %s, truncated %s%n", a, s.reward(), s.terminated(), s.truncated());
            if (s.done()) break;
        }
        out.println("return " + total);
        return 0;
    }
}
