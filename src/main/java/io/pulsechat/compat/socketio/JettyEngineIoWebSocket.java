package io.pulsechat.compat.socketio;

import io.socket.engineio.server.EngineIoServer;
import io.socket.engineio.server.EngineIoWebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** engine.io-server's WebSocket transport on a Jetty 12 WebSocket: Jetty's events in, writes out. */
public final class JettyEngineIoWebSocket extends EngineIoWebSocket implements Session.Listener.AutoDemanding {
    private static final Logger LOG = LoggerFactory.getLogger(JettyEngineIoWebSocket.class);

    private final EngineIoServer server;
    private final Map<String, String> query;
    private final Map<String, List<String>> headers;
    private volatile Session session;

    JettyEngineIoWebSocket(EngineIoServer server, Map<String, String> query, Map<String, List<String>> headers) {
        this.server = server;
        this.query = query;
        this.headers = headers;
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
        if (open != null) {
            open.sendText(message, Callback.NOOP);
        }
    }

    @Override
    public void write(byte[] message) {
        Session open = session;
        if (open != null) {
            open.sendBinary(ByteBuffer.wrap(message), Callback.NOOP);
        }
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
