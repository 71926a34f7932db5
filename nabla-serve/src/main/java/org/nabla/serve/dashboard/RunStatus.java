package org.nabla.serve.dashboard;

/** Where a run folder stands: finished (summary.json written), still being written, stopped without a summary, or unreadable. */
public enum RunStatus {
    COMPLETED, RUNNING, STOPPED, MALFORMED;

    /** A run counts as running while one of its logs changed within this many milliseconds. */
    public static final long RUNNING_WINDOW_MS = 120_000;

    public String label() { return name().toLowerCase(java.util.Locale.ROOT); }
}
