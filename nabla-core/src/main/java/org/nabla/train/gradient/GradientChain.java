package org.nabla.train.gradient;

import java.util.ArrayList;
import java.util.List;
import org.nabla.autograd.GradMode;

/**
 * The ordered {@link GradientTransform}s run on every step's gradients between {@code backward()} and the
 * optimizer's step. A trainer starts with the all-reduce slot and the {@link NonFiniteGuard}; tasks, options and
 * callbacks append (clipping, noise, statistics) or insert.
 */
public final class GradientChain {
    private final List<GradientTransform> transforms = new ArrayList<>();

    public GradientChain(GradientTransform... transforms) { this.transforms.addAll(List.of(transforms)); }

    /** Runs after every transform already in the chain. */
    public GradientChain add(GradientTransform t) {
        transforms.add(checked(t));
        return this;
    }

    /** Runs before every transform already in the chain. */
    public GradientChain addFirst(GradientTransform t) {
        transforms.addFirst(checked(t));
        return this;
    }

    /** Replaces {@code old} (by identity) with {@code replacement} at the same place. */
    public GradientChain replace(GradientTransform old, GradientTransform replacement) {
        int at = indexOf(old);
        if (at < 0) throw new IllegalArgumentException("GradientChain: " + old + " is not in the chain");
        transforms.set(at, checked(replacement));
        return this;
    }

    public boolean remove(GradientTransform t) {
        int at = indexOf(t);
        if (at >= 0) transforms.remove(at);
        return at >= 0;
    }

    /** The transforms in the order they run. */
    public List<GradientTransform> transforms() { return List.copyOf(transforms); }

    /** Runs every transform in order, under no-grad. */
    public void apply(GradientContext gradients) {
        try (var s = GradMode.noGrad()) {
            for (GradientTransform t : transforms) t.apply(gradients);
        }
    }

    private int indexOf(GradientTransform t) {
        for (int i = 0; i < transforms.size(); i++) if (transforms.get(i) == t) return i;
        return -1;
    }

    private static GradientTransform checked(GradientTransform t) {
        if (t == null) throw new IllegalArgumentException("GradientChain: a transform must not be null");
        return t;
    }
}
