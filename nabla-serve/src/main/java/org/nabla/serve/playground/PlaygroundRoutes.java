package org.nabla.serve.playground;

import java.io.IOException;
import java.util.Map;
import org.nabla.serve.http.Assets;
import org.nabla.serve.http.EventStream;
import org.nabla.serve.http.Request;
import org.nabla.serve.http.Responses;
import org.nabla.serve.http.Route;
import org.nabla.serve.http.Router;

/**
 * The playground's routes: the page ({@code /playground}), a new session from the settings in the body
 * ({@code POST /api/playground/sessions}, 400 naming a bad setting, 503 when full), its stream of frames
 * ({@code GET /api/playground/sessions/ID/stream}: the session ends when the stream does), its commands
 * ({@code POST .../ID/play|pause|step|reset|close}) and a new learning rate or regularisation for the running network
 * ({@code POST .../ID/settings} with {@code lr=0.1&reg=l2&regRate=0.01} in the body; 400 naming a bad or other setting).
 */
public final class PlaygroundRoutes {
    private final PlaygroundSessions sessions;
    private final Assets assets;

    public PlaygroundRoutes(PlaygroundSessions sessions, Assets assets) {
        this.sessions = sessions;
        this.assets = assets;
    }

    public void addTo(Router router) {
        router.add(Route.of("GET", "/playground", (r, p) ->
                        Responses.bytes(r.exchange(), 200, Assets.contentType("playground.html"), assets.bytes("playground.html"))))
                .add(Route.of("POST", "/api/playground/sessions", (r, p) -> create(r)))
                .add(Route.of("GET", "/api/playground/sessions/*/stream", (r, p) -> stream(r, p.get(0))))
                .add(Route.of("POST", "/api/playground/sessions/*/*", (r, p) -> command(r, p.get(0), p.get(1))));
    }

    private void create(Request r) throws IOException {
        PlaygroundSettings settings;
        try {
            settings = PlaygroundSettings.parse(Request.form(r.body().strip()));
        } catch (IllegalArgumentException e) {
            if (e.getClass() != IllegalArgumentException.class) throw e; // a body over the bound
            Responses.json(r.exchange(), 400, Map.of("error", e.getMessage()));
            return;
        }
        PlaygroundSession s = sessions.create(settings);
        if (s == null) {
            Responses.json(r.exchange(), 503, Map.of("error", "too many playground sessions (" + sessions.max() + "); close a tab"));
            return;
        }
        Responses.json(r.exchange(), 200, Map.of("id", s.id(), "settings", settings.toJson()));
    }

    private void stream(Request r, String id) throws IOException {
        PlaygroundSession s = sessions.get(id);
        if (s == null || !s.claim()) {
            Responses.notFound(r.exchange());
            return;
        }
        try (EventStream out = new EventStream(r.exchange())) {
            sessions.stream(s, out);
        } finally {
            sessions.close(id); // the tab left, paused or not: its network goes
        }
    }

    private void command(Request r, String id, String name) throws IOException {
        String body = r.body(); // bounded
        PlaygroundSession s = sessions.get(id);
        if (s == null) {
            Responses.notFound(r.exchange());
            return;
        }
        if (name.equals("settings")) {
            try {
                s.update(s.settings().live(Request.form(body.strip())));
            } catch (IllegalArgumentException e) {
                Responses.json(r.exchange(), 400, Map.of("error", e.getMessage()));
                return;
            }
            Responses.json(r.exchange(), 200, Map.of("ok", true, "settings", s.settings().toJson()));
            return;
        }
        if (name.equals("close")) sessions.close(id);
        else if (!s.command(name)) {
            Responses.notFound(r.exchange());
            return;
        }
        Responses.json(r.exchange(), 200, Map.of("ok", true));
    }
}
