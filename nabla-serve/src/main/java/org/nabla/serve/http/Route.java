package org.nabla.serve.http;

import java.io.IOException;
import java.util.List;

/**
 * One route: a method and a path pattern of literal segments and {@code *} (any one segment), with the handler that
 * receives the request and the segments matched by the stars.
 */
public record Route(String method, List<String> pattern, Handler handler) {
    /** Handles one matched request. */
    @FunctionalInterface
    public interface Handler {
        void handle(Request request, List<String> params) throws IOException;
    }

    /** {@code "/api/runs/*"} as a pattern. */
    public static Route of(String method, String path, Handler handler) {
        return new Route(method, path.equals("/") ? List.of() : List.of(path.substring(1).split("/")), handler);
    }

    /** The star segments when {@code segments} match the pattern, else null. */
    List<String> match(List<String> segments) {
        if (segments.size() != pattern.size()) return null;
        List<String> params = new java.util.ArrayList<>();
        for (int i = 0; i < pattern.size(); i++) {
            if (pattern.get(i).equals("*")) params.add(segments.get(i));
            else if (!pattern.get(i).equals(segments.get(i))) return null;
        }
        return params;
    }
}
