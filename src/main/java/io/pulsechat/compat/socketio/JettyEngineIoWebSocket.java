package io.pulsechat.compat.socketio;

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
    private final AtomicInteger queued = new AtomicInteger();
    private volatile Session session;

    JettyEngineIoWebSocket(EngineIoServer server, Map<String, String> query, Map<String, List<String>> headers,
                           int maxQueuedFrames) {
        this.server = server;
        this.query = query;
        this.headers = headers;
        this.maxQueuedFrames = maxQueuedFrames;
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
            open.sendText(message, Callback.from(queued::decrementAndGet, failure -> queued.decrementAndGet()));
        }
    }

    @Override
    public void write(byte[] message) {
        Session open = session;
        if (open != null && admit(open)) {
            open.sendBinary(ByteBuffer.wrap(message), Callback.from(queued::decrementAndGet, failure -> queued.decrementAndGet()));
        }
    }

    private boolean admit(Session open) {
        if (queued.incrementAndGet() > maxQueuedFrames) {
            queued.decrementAndGet();
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
        emit("close");
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("Socket.IO WebSocket failed: {}", cause.toString());
        emit("error", "websocket error", cause.getMessage());
    }
}
