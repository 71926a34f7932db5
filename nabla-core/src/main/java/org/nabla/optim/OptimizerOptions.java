package org.nabla.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options of an optimizer, or the overrides of one {@link ParamGroup}: PyTorch's option names ({@code lr},
 * {@code weight_decay}, {@code momentum}, ...) mapped to numbers, with booleans stored as 1 and 0 so that the whole
 * optimizer state is numbers. Each optimizer has a subclass with typed setters ({@code SGD.options().lr(0.1)
 * .momentum(0.9)}); only the options set here override the optimizer's defaults.
 *
 * @param <S> the concrete subclass, returned by the setters
 */
public abstract class OptimizerOptions<S extends OptimizerOptions<S>> {
    private final Map<String, Double> values = new LinkedHashMap<>();

    protected OptimizerOptions() {}

    @SuppressWarnings("unchecked")
    private S self() { return (S) this; }

    /** Sets an option by its PyTorch name; the optimizer rejects names it does not know. */
    public final S set(String key, double value) {
        values.put(key, value);
        return self();
    }

    public final S set(String key, boolean value) { return set(key, value ? 1 : 0); }

    /** The learning rate. */
    public final S lr(double lr) { return set("lr", lr); }

    /** The weight decay; see each optimizer for whether it is an L2 term in the gradient or decoupled. */
    public final S weightDecay(double weightDecay) { return set("weight_decay", weightDecay); }

    /** Ascends the objective instead of descending it (the gradient is negated). */
    public final S maximize(boolean maximize) { return set("maximize", maximize); }

    /** The options set so far, in the order they were set. */
    public final Map<String, Double> values() { return Collections.unmodifiableMap(values); }
}
