package io.pulsechat.compat.socketio;

import com.codahale.metrics.Meter;
import io.socket.engineio.server.EngineIoServer;
import io.socket.engineio.server.EngineIoWebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * engine.io-server's WebSocket transport on a Jetty 12 WebSocket: Jetty's events in, writes out. Writes
 * are bounded as on `/ws`: a client that leaves `maxQueuedFrames` of them untaken is disconnected.
 */
public final class JettyEngineIoWebSocket extends EngineIoWebSocket implements Session.Listener.AutoDemanding {
    private static final Logger LOG = LoggerFactory.getLogger(JettyEngineIoWebSocket.class);

    private final EngineIoServer server;
    private final Map<String, String> query;
    private final Map<String, List<String>> headers;
    private final int maxQueuedFrames;
    private final WebSocketLinks links;
    private final Meter slowDisconnects;
    private final AtomicInteger queued = new AtomicInteger();
    private volatile Session session;
    private volatile Runnable onDrained;

    JettyEngineIoWebSocket(EngineIoServer server, Map<String, String> query, Map<String, List<String>> headers,
                           int maxQueuedFrames, WebSocketLinks links, Meter slowDisconnects) {
        this.server = server;
        this.query = query;
        this.headers = headers;
        this.maxQueuedFrames = maxQueuedFrames;
        this.links = links;
        this.slowDisconnects = slowDisconnects;
        links.register(this, query);
    }

    /** Writes handed to Jetty that the client has not taken yet. */
    int pending() {
        return queued.get();
    }

    /** Called (on a Jetty thread) whenever the pending writes fall to a quarter of the limit. */
    void onDrained(Runnable listener) {
        this.onDrained = listener;
    }

    private void written() {
        if (queued.decrementAndGet() <= maxQueuedFrames / 4) {
            Runnable listener = onDrained;
            if (listener != null) {
                listener.run();
            }
        }
    }

    @Override
    public Map<String, String> getQuery() {
        return query;
    }

    @Override
    public Map<String, List<String>> getConnectionHeaders() {
        return headers;
    }

    @Override
    public void write(String message) {
        Session open = session;
        if (open != null && admit(open)) {
            open.sendText(message, Callback.from(this::written, failure -> written()));
        }
    }

    @Override
    public void write(byte[] message) {
        Session open = session;
        if (open != null && admit(open)) {
            open.sendBinary(ByteBuffer.wrap(message), Callback.from(this::written, failure -> written()));
        }
    }

    private boolean admit(Session open) {
        if (queued.incrementAndGet() > maxQueuedFrames) {
            queued.decrementAndGet();
            slowDisconnects.mark();
            LOG.info("closing a Socket.IO WebSocket whose client did not take {} frames (websocket.maxQueuedFrames)",
                    maxQueuedFrames);
            open.close(StatusCode.POLICY_VIOLATION, "too slow: outbound queue full", Callback.NOOP);
            return false;
        }
        return true;
    }

    @Override
    public void close() {
        Session open = session;
        if (open != null) {
            open.close();
        }
    }

    @Override
    public void onWebSocketOpen(Session jettySession) {
        session = jettySession;
        server.handleWebSocket(this);
    }

    @Override
    public void onWebSocketText(String message) {
        emit("message", message);
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        callback.succeed();
        emit("message", (Object) bytes);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        session = null;
        links.unregister(query);
        emit("close");
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("Socket.IO WebSocket failed: {}", cause.toString());
        emit("error", "websocket error", cause.getMessage());
    }
}
