package org.nabla.data;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/** Fetches a file into place; implementations decide how (network, mirror, local copy). */
public interface Downloader {
    /**
     * Makes {@code target} hold the bytes at {@code source} whose SHA-256 is {@code sha256}. A target that already
     * exists with the right checksum is kept; a failed or mismatching fetch leaves no partial target behind.
     */
    void fetch(URI source, Path target, String sha256) throws IOException;
}
