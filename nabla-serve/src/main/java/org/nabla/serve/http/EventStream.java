package org.nabla.serve.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A server-sent event stream on one exchange: {@link #send} writes and flushes one event; an IOException from it
 * means the client left (the caller then stops, freeing what it held).
 */
public final class EventStream implements AutoCloseable {
    private final HttpExchange exchange;
    private final OutputStream out;

    public EventStream(HttpExchange exchange) throws IOException {
        this.exchange = exchange;
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        this.out = exchange.getResponseBody();
    }

    /** One event named {@code event} whose data is {@code data} (one line: JSON). */
    public void send(String event, String data) throws IOException {
        out.write(("event: " + event + "\ndata: " + data.replace("\n", "\ndata: ") + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** A comment line: keeps the connection alive and finds a closed one. */
    public void ping() throws IOException {
        out.write(": ping\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException ignored) { // already gone
        }
        exchange.close();
    }
}
