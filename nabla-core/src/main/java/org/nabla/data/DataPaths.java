package org.nabla.data;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where datasets that are not bundled live: the directory named by the system property {@code nabla.data}
 * (for programs and tests that set it), else by the environment variable {@code NABLA_DATA}, else
 * {@code ~/.nabla/data} when both are unset or blank. A leading {@code ~} in
 * {@code NABLA_DATA} means the user's home; relative paths are taken from the current directory.
 * Each dataset is a sub-directory, e.g. {@code $NABLA_DATA/mnist}. Datasets installed by the operating system's
 * packages are looked up after it ({@link #systemRoots}: Debian's {@code dataset-fashion-mnist} puts Fashion-MNIST in
 * {@code /usr/share/datasets/fashion-mnist}).
 */
public final class DataPaths {
    public static final String ENV = "NABLA_DATA";
    /** The system property that overrides {@link #ENV}. */
    public static final String PROPERTY = "nabla.data";

    /** Set to "1" or "true" (property {@code nabla.offline} or environment {@code NABLA_OFFLINE}) to never download. */
    public static final String OFFLINE_PROPERTY = "nabla.offline", OFFLINE_ENV = "NABLA_OFFLINE";
    /**
     * The system property listing the folders where OS packages install datasets (separated by the platform's path
     * separator); by default {@link #SYSTEM_ROOTS}.
     */
    public static final String SYSTEM_PROPERTY = "nabla.data.system";
    /** Where Debian's {@code dataset-*} packages (and local installs following them) put datasets. */
    public static final String SYSTEM_ROOTS = "/usr/local/share/datasets" + File.pathSeparator + "/usr/share/datasets";
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

    /** The folders of OS-installed datasets: {@link #SYSTEM_PROPERTY}, else {@link #SYSTEM_ROOTS}. */
    public static List<Path> systemRoots() {
        List<Path> roots = new ArrayList<>();
        for (String dir : System.getProperty(SYSTEM_PROPERTY, SYSTEM_ROOTS).split(File.pathSeparator))
            if (!dir.isBlank()) roots.add(Path.of(dir.strip()).toAbsolutePath().normalize());
        return roots;
    }

    /**
     * Where to look for dataset {@code name}, in order: {@code $NABLA_DATA/name} (the first, where downloads go),
     * then each {@link #systemRoots() system folder}{@code /name}.
     */
    public static List<Path> searchPath(String name) {
        List<Path> dirs = new ArrayList<>();
        dirs.add(dataset(name));
        for (Path root : systemRoots()) if (!dirs.contains(root.resolve(name))) dirs.add(root.resolve(name));
        return dirs;
    }

    /** The data root given the value of NABLA_DATA (null when unset) and the user's home directory. */
    static Path root(String nablaData, String home) {
        if (nablaData == null || nablaData.isBlank()) return Path.of(home, ".nabla", "data");
        String dir = nablaData.strip();
        if (dir.equals("~")) dir = home;
        else if (dir.startsWith("~/")) dir = home + dir.substring(1);
        return Path.of(dir).toAbsolutePath().normalize();
    }

    /**
     * The error for a dataset whose files are absent: where it was looked for, which files to put in which folder
     * (the first of {@code searched}), where they come from, and the checksum file to verify them with.
     */
    public static IllegalStateException missing(String dataset, List<Path> searched, String[] files, String source) {
        List<String> dirs = searched.stream().map(Path::toString).toList();
        String where = dirs.size() == 1 ? dirs.getFirst()
                : String.join(", ", dirs.subList(0, dirs.size() - 1)) + " or " + dirs.getLast();
        return new IllegalStateException(dataset + " not found in " + where + ": put " + String.join(", ", files) + " in "
                + searched.getFirst() + " (from " + source + "; set " + ENV + " to use another data folder), then verify them with "
                + "`sha256sum -c SHA256SUMS` in that folder");
    }

    /** {@link #missing(String, List, String[], String)} for one folder. */
    public static IllegalStateException missing(String dataset, Path dir, String[] files, String source) {
        return missing(dataset, List.of(dir), files, source);
    }

    /** A failure's reason for a one-line message: the first message along its causes, else its type; never "null". */
    public static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause())
            if (t.getMessage() != null && !t.getMessage().isBlank())
                return t == e ? t.getMessage() : e.getClass().getSimpleName() + ": " + t.getMessage();
        List<String> types = new ArrayList<>(); // HttpClient's ConnectException wraps another ConnectException, both without a message
        for (Throwable t = e; t != null; t = t.getCause()) if (!types.contains(t.getClass().getSimpleName())) types.add(t.getClass().getSimpleName());
        return types.getFirst() + (types.size() == 1 ? "" : " (" + String.join(", ", types.subList(1, types.size())) + ")");
    }
}
