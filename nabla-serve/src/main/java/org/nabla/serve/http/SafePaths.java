package org.nabla.serve.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Resolves request segments inside one root folder, refusing anything that would leave it: each segment was already
 * checked by {@link Request} (no "..", no slash), and the real path (symbolic links followed) must still lie under
 * the root's real path, so a link pointing out of the folder reads nothing.
 */
public final class SafePaths {
    private final Path root;

    /** {@code root} must exist. */
    public SafePaths(Path root) throws IOException {
        this.root = root.toRealPath();
    }

    public Path root() { return root; }

    /** The existing file or folder at {@code segments} under the root, or null when absent or outside it. */
    public Path resolve(List<String> segments) {
        Path p = root;
        for (String s : segments) {
            if (s.isEmpty() || s.equals(".") || s.equals("..") || s.contains("/") || s.contains("\\") || s.indexOf('\0') >= 0) return null;
            p = p.resolve(s);
        }
        return inside(p);
    }

    /** {@code p}'s real path when it exists under the root, else null. */
    public Path inside(Path p) {
        try {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) return null;
            Path real = p.toRealPath();
            return real.startsWith(root) ? real : null;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
