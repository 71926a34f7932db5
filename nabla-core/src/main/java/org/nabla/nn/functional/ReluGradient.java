package org.nabla.nn.functional;

import org.nabla.autograd.GradMode;
import org.nabla.tensor.Tensor;

/**
 * How {@link F#relu} passes gradients back on this thread, for the attribution methods that change it: the
 * standard rule (g where x &gt; 0), guided backpropagation (Springenberg et al. 2015: g where x &gt; 0 and g &gt; 0) or
 * the deconvnet's (Zeiler and Fergus 2014: g where g &gt; 0, whatever x). Forward values never change. Use
 * {@code try (var r = ReluGradient.use(Rule.GUIDED)) { ... backward ... }}; every ReLU layer and every model that
 * calls {@code F.relu} follows the rule while the scope is open.
 */
public final class ReluGradient {
    public enum Rule { STANDARD, GUIDED, DECONVNET }

    private static final ThreadLocal<Rule[]> RULE = ThreadLocal.withInitial(() -> new Rule[] {Rule.STANDARD});

    private ReluGradient() {}

    public static Rule current() { return RULE.get()[0]; }

    /** Makes {@code rule} the ReLU backward rule until the returned scope is closed. */
    public static Scope use(Rule rule) {
        if (rule == null) throw new IllegalArgumentException("ReluGradient: rule must not be null");
        Rule[] slot = RULE.get();
        Scope s = new Scope(slot, slot[0]);
        slot[0] = rule;
        return s;
    }

    /** relu(x) whose gradient follows the current rule. */
    static Tensor relu(Tensor x) {
        Rule rule = current();
        if (rule == Rule.STANDARD || !x.requiresGrad() || !GradMode.isEnabled()) return x.relu();
        Tensor y = rule == Rule.GUIDED
                ? x.relu() // relu's own rule masks by x > 0; the hook then keeps the positive part of g
                : x.relu().detach().add(x.sub(x.detach())); // value relu(x), gradient g passed straight through
        y.registerHook(g -> g.clampMin(0));
        return y;
    }

    /** Restores the previous rule when closed. */
    public static final class Scope implements AutoCloseable {
        private final Rule[] slot;
        private final Rule previous;

        private Scope(Rule[] slot, Rule previous) {
            this.slot = slot;
            this.previous = previous;
        }

        @Override
        public void close() { slot[0] = previous; }
    }
}
