package org.nabla.serve.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's one handler: bounds the query, matches the decoded path against the routes (404 for no path, 405 for
 * a known path with another method, 414/413 for an oversized query/body) and turns a handler's failure into a 500
 * that names nothing of the server's files.
 */
public final class Router implements HttpHandler {
    private final List<Route> routes = new ArrayList<>();

    public Router add(Route route) {
        routes.add(route);
        return this;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            Request request = new Request(ex);
            if (request.queryTooLong()) {
                Responses.text(ex, 414, "query over " + Request.MAX_QUERY + " bytes");
                return;
            }
            List<String> segments = request.segments();
            if (segments == null) {
                Responses.notFound(ex);
                return;
            }
            boolean pathKnown = false;
            String method = ex.getRequestMethod().equals("HEAD") ? "GET" : ex.getRequestMethod();
            for (Route r : routes) {
                List<String> params = r.match(segments);
                if (params == null) continue;
                pathKnown = true;
                if (r.method().equals(method)) {
                    r.handler().handle(request, params);
                    return;
                }
            }
            if (pathKnown) Responses.text(ex, 405, "method not allowed");
            else Responses.notFound(ex);
        } catch (Request.BodyTooLarge e) {
            Responses.text(ex, 413, e.getMessage());
        } catch (IOException e) { // the client went away
            ex.close();
        } catch (RuntimeException e) {
            try {
                Responses.text(ex, 500, "internal error: " + e.getClass().getSimpleName());
            } catch (IOException | RuntimeException ignored) {
                ex.close();
            }
        }
    }
}
