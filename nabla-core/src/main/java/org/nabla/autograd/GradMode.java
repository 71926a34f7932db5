package org.nabla.autograd;

/**
 * Whether ops record the graph on this thread. Use {@code try (var s = GradMode.noGrad()) { ... }} for
 * inference and parameter updates.
 */
public final class GradMode {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private GradMode() {}

    public static boolean isEnabled() { return ENABLED.get()[0]; }

    /** Turns recording off until the returned scope is closed. */
    public static Scope noGrad() { return set(false); }

    /** Turns recording on until the returned scope is closed (e.g. inside a no-grad block). */
    public static Scope enableGrad() { return set(true); }

    private static Scope set(boolean enabled) {
        boolean[] flag = ENABLED.get();
        Scope scope = new Scope(flag, flag[0]);
        flag[0] = enabled;
        return scope;
    }

    /** Restores the previous mode when closed. */
    public static final class Scope implements AutoCloseable {
        private final boolean[] flag;
        private final boolean previous;

        private Scope(boolean[] flag, boolean previous) {
            this.flag = flag;
            this.previous = previous;
        }

        @Override
        public void close() { flag[0] = previous; }
    }
}
