package org.nabla.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** SHA-256 of files and verification against a {@code sha256sum}-style SHA256SUMS file. */
public final class Checksums {
    private Checksums() {}

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** Lower-case hex SHA-256 of a file's bytes. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Parses "hash  name" lines (a '*' before the name marks binary mode, as sha256sum writes it). */
    public static Map<String, String> parseSums(Path sumsFile) throws IOException {
        Map<String, String> sums = new LinkedHashMap<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(sumsFile)) {
            lineNumber++;
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] parts = line.strip().split("\\s+", 2);
            if (parts.length != 2 || !parts[0].matches("[0-9a-fA-F]{64}"))
                throw new IOException(sumsFile + " line " + lineNumber + ": expected '<64 hex digits>  <file name>', got '" + line + "'");
            String name = parts[1].startsWith("*") ? parts[1].substring(1) : parts[1];
            sums.put(name, parts[0].toLowerCase());
        }
        return sums;
    }

    /** Checks {@code file} against its line in {@code sumsFile}; throws naming the file and both hashes on mismatch. */
    public static void verify(Path file, Path sumsFile) throws IOException {
        String name = file.getFileName().toString();
        String expected = parseSums(sumsFile).get(name);
        if (expected == null) throw new IOException(sumsFile + ": no checksum listed for " + name);
        verify(file, expected);
    }

    public static void verify(Path file, String expectedSha256) throws IOException {
        String actual = sha256(file);
        if (!actual.equalsIgnoreCase(expectedSha256))
            throw new IOException(file + ": SHA-256 mismatch: expected " + expectedSha256.toLowerCase() + ", got " + actual);
    }
}
