package org.nabla.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

/**
 * A {@link Downloader} that streams into a temporary file next to the target while hashing, checks the
 * SHA-256, and only then moves the file into place atomically, so readers never see a partial download.
 * The byte source is pluggable: HTTP(S) by default, anything (e.g. local files in tests) via {@link Opener}.
 */
public final class ChecksumDownloader implements Downloader {
    /** Opens the bytes at a URI. */
    @FunctionalInterface
    public interface Opener {
        InputStream open(URI source) throws IOException;
    }

    private final Opener opener;

    public ChecksumDownloader(Opener opener) { this.opener = opener; }

    /** Downloads over HTTP(S) (and reads file: URIs). */
    public static ChecksumDownloader http() {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(20)).build();
        return new ChecksumDownloader(uri -> {
            if ("file".equals(uri.getScheme())) return Files.newInputStream(Path.of(uri));
            try {
                HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofInputStream());
                if (r.statusCode() != 200) {
                    r.body().close();
                    throw new IOException(uri + ": HTTP " + r.statusCode());
                }
                return r.body();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(uri + ": interrupted", e);
            }
        });
    }

    @Override
    public void fetch(URI source, Path target, String sha256) throws IOException {
        String expected = sha256.toLowerCase();
        if (Files.isRegularFile(target) && Checksums.sha256(target).equals(expected)) return;
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
        try {
            MessageDigest md = Checksums.sha256();
            try (InputStream in = opener.open(source); OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
            } catch (IOException e) {
                throw new IOException("cannot download " + source + " to " + target + ": " + DataPaths.reason(e)
                        + " (offline? put the file there by hand)", e);
            }
            String actual = HexFormat.of().formatHex(md.digest());
            if (!actual.equals(expected))
                throw new IOException(source + ": SHA-256 mismatch: expected " + expected + ", got " + actual + "; " + target + " left unchanged");
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
