package org.nabla.serve.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request with its path cut into decoded segments and its query and body bounded. A segment that decodes
 * to "." or "..", is empty, or holds a slash, a backslash or a NUL makes the path invalid ({@link #segments()} is
 * then null): nothing routes it, so a traversal attempt is a 404 whatever its encoding.
 */
public final class Request {
    /** The longest query string and request body accepted, in bytes. */
    public static final int MAX_QUERY = 4096, MAX_BODY = 8192;
    private final HttpExchange exchange;
    private final List<String> segments;

    Request(HttpExchange exchange) {
        this.exchange = exchange;
        this.segments = segments(exchange.getRequestURI().getRawPath());
    }

    public HttpExchange exchange() { return exchange; }
    public String method() { return exchange.getRequestMethod(); }

    /** The decoded path segments, or null when the path is not a clean relative one. */
    public List<String> segments() { return segments; }

    /** Whether the raw query is longer than {@link #MAX_QUERY}. */
    boolean queryTooLong() {
        String q = exchange.getRequestURI().getRawQuery();
        return q != null && q.length() > MAX_QUERY;
    }

    /** The query's parameters (the first value of each name). */
    public Map<String, String> query() { return form(exchange.getRequestURI().getRawQuery()); }

    /** The body as text, refused (IllegalArgumentException) beyond {@link #MAX_BODY} bytes. */
    public String body() throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) throw new BodyTooLarge();
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** A body longer than {@link #MAX_BODY}: answered 413. */
    static final class BodyTooLarge extends IllegalArgumentException {
        BodyTooLarge() { super("request body over " + MAX_BODY + " bytes"); }
    }

    /** {@code a=1&b=2} as a map (the first value of each name), decoded; null or empty gives an empty map. */
    public static Map<String, String> form(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return m;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq)), v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (k != null && v != null) m.putIfAbsent(k, v);
        }
        return m;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) { // a bad %-escape
            return null;
        }
    }

    static List<String> segments(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) return null;
        List<String> out = new ArrayList<>();
        if (rawPath.equals("/")) return out;
        String[] parts = rawPath.substring(1).split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            String raw = parts[i];
            if (raw.isEmpty() && i == parts.length - 1 && i > 0) break; // one trailing slash
            String s = decode(raw.replace("+", "%2B"));
            if (s == null || s.isEmpty() || s.equals(".") || s.equals("..") || s.indexOf('/') >= 0 || s.indexOf('\\') >= 0
                    || s.indexOf('\0') >= 0) return null;
            out.add(s);
        }
        return out;
    }
}
