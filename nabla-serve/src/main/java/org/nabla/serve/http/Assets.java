package org.nabla.serve.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The static files shipped in the jar, served by name from a fixed list: the pages, scripts and style under
 * {@code org/nabla/serve/assets/}, and uPlot's dist files with its licence from its webjar. A name not in the list
 * is a 404, so no other class-path resource can be read.
 */
public final class Assets {
    private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/";
    /** Served name → class-path resource. */
    private static final Map<String, String> FILES = Map.ofEntries(
            Map.entry("dashboard.html", "org/nabla/serve/assets/dashboard.html"),
            Map.entry("run.html", "org/nabla/serve/assets/run.html"),
            Map.entry("compare.html", "org/nabla/serve/assets/compare.html"),
            Map.entry("playground.html", "org/nabla/serve/assets/playground.html"),
            Map.entry("nabla.css", "org/nabla/serve/assets/nabla.css"),
            Map.entry("dashboard.js", "org/nabla/serve/assets/dashboard.js"),
            Map.entry("run.js", "org/nabla/serve/assets/run.js"),
            Map.entry("compare.js", "org/nabla/serve/assets/compare.js"),
            Map.entry("charts.js", "org/nabla/serve/assets/charts.js"),
            Map.entry("playground.js", "org/nabla/serve/assets/playground.js"),
            Map.entry("uPlot.iife.min.js", UPLOT + "dist/uPlot.iife.min.js"),
            Map.entry("uPlot.min.css", UPLOT + "dist/uPlot.min.css"),
            Map.entry("uPlot.LICENSE.txt", UPLOT + "LICENSE"));
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** Whether {@code name} is an asset. */
    public static boolean has(String name) { return FILES.containsKey(name); }

    /** The asset's bytes, or null when {@code name} is not one. */
    public byte[] bytes(String name) {
        String resource = FILES.get(name);
        if (resource == null) return null;
        return cache.computeIfAbsent(name, n -> {
            try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) throw new IllegalStateException("asset " + resource + " missing from the class path");
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The content type of a served file by its extension. */
    public static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        return switch (dot < 0 ? "" : name.substring(dot + 1)) {
            case "html" -> "text/html; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "json" -> "application/json; charset=utf-8";
            case "png" -> "image/png";
            case "csv", "txt", "jsonl" -> "text/plain; charset=utf-8";
            default -> "application/octet-stream";
        };
    }
}
