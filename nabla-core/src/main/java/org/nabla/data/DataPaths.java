package org.nabla.data;

import java.nio.file.Path;

/**
 * Where datasets that are not bundled live: the directory named by the system property {@code nabla.data}
 * (for programs and tests that set it), else by the environment variable {@code NABLA_DATA}, else
 * {@code ~/.nabla/data} when both are unset or blank. A leading {@code ~} in
 * {@code NABLA_DATA} means the user's home; relative paths are taken from the current directory.
 * Each dataset is a sub-directory, e.g. {@code $NABLA_DATA/mnist}.
 */
public final class DataPaths {
    public static final String ENV = "NABLA_DATA";
    /** The system property that overrides {@link #ENV}. */
    public static final String PROPERTY = "nabla.data";

    /** Set to "1" or "true" (property {@code nabla.offline} or environment {@code NABLA_OFFLINE}) to never download. */
    public static final String OFFLINE_PROPERTY = "nabla.offline", OFFLINE_ENV = "NABLA_OFFLINE";
    private static volatile Downloader downloader;

    private DataPaths() {}

    /** Whether a missing dataset may be downloaded (it may unless NABLA_OFFLINE or nabla.offline says "1" or "true"). */
    public static boolean downloadsAllowed() {
        String v = System.getProperty(OFFLINE_PROPERTY, System.getenv(OFFLINE_ENV));
        return v == null || !(v.strip().equals("1") || v.strip().equalsIgnoreCase("true"));
    }

    /** How missing datasets are fetched: over HTTP(S) with checksum checks, unless {@link #setDownloader} replaced it. */
    public static Downloader downloader() {
        Downloader d = downloader;
        return d != null ? d : ChecksumDownloader.http();
    }

    /** Replaces the downloader (a mirror, a local copy in tests); null restores HTTP(S). */
    public static void setDownloader(Downloader d) { downloader = d; }

    /** The data root for this process's environment. */
    public static Path root() {
        String property = System.getProperty(PROPERTY);
        return root(property != null && !property.isBlank() ? property : System.getenv(ENV), System.getProperty("user.home"));
    }

    /** The directory of one dataset under the data root. */
    public static Path dataset(String name) { return root().resolve(name); }

    /** The data root given the value of NABLA_DATA (null when unset) and the user's home directory. */
    static Path root(String nablaData, String home) {
        if (nablaData == null || nablaData.isBlank()) return Path.of(home, ".nabla", "data");
        String dir = nablaData.strip();
        if (dir.equals("~")) dir = home;
        else if (dir.startsWith("~/")) dir = home + dir.substring(1);
        return Path.of(dir).toAbsolutePath().normalize();
    }

    /**
     * The error for a dataset whose files are absent: which files to put in which folder, where they come
     * from, and the checksum file to verify them with.
     */
    public static IllegalStateException missing(String dataset, Path dir, String[] files, String source) {
        return new IllegalStateException(dataset + " not found: put " + String.join(", ", files) + " in " + dir
                + " (from " + source + "; set " + ENV + " to use another data folder), then verify them with `sha256sum -c SHA256SUMS` in that folder");
    }
}
