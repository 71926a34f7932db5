package org.nabla.serve.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.nabla.io.Json;

/** Writes whole responses: JSON, text, bytes and the error statuses (a one-line plain-text body, never a file). */
public final class Responses {
    private Responses() {}

    public static void json(HttpExchange ex, int status, Object value) throws IOException {
        bytes(ex, status, "application/json; charset=utf-8", Json.write(value).getBytes(StandardCharsets.UTF_8));
    }

    public static void text(HttpExchange ex, int status, String text) throws IOException {
        bytes(ex, status, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public static void bytes(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    public static void notFound(HttpExchange ex) throws IOException { text(ex, 404, "not found"); }
    public static void forbidden(HttpExchange ex) throws IOException { text(ex, 403, "forbidden"); }
}
