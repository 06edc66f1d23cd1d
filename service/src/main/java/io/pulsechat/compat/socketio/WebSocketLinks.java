package io.pulsechat.compat.socketio;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the Jetty WebSocket under an Engine.IO connection, whose untaken writes count in the socket's
 * queue. engine.io-server hides its transports; each WebSocket we create puts its key in the query
 * map that engine.io-server hands back as the connection's (or the upgrade's) query.
 */
final class WebSocketLinks {
    static final String KEY = "pulsechat-link";

    private final Map<String, JettyEngineIoWebSocket> open = new ConcurrentHashMap<>();

    /** Registers the WebSocket under a fresh key, written into its query (over any the client sent). */
    void register(JettyEngineIoWebSocket webSocket, Map<String, String> query) {
        String key = UUID.randomUUID().toString();
        query.put(KEY, key);
        open.put(key, webSocket);
    }

    void unregister(Map<String, String> query) {
        String key = query.get(KEY);
        if (key != null) {
            open.remove(key);
        }
    }

    /** Only for a query that came from a WebSocket: a polling request's query is the client's to write. */
    Optional<JettyEngineIoWebSocket> of(Map<String, String> webSocketQuery) {
        return Optional.ofNullable(webSocketQuery.get(KEY)).map(open::get);
    }
}
