package io.pulsechat.compat.socketio;

import com.codahale.metrics.Meter;
import io.socket.engineio.server.EngineIoServer;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeRequest;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeResponse;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServlet;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;

/**
 * `/socket.io/`: Engine.IO long-polling requests go to engine.io-server as they are; WebSocket
 * upgrades get a Jetty endpoint that engine.io-server drives. The TCP peer address travels to the
 * Socket.IO layer as a header that a client cannot set (the per-address send limit needs it).
 * A polling POST may batch many packets (engine.io-server announces no `maxPayload`, so clients do
 * not split their batches): it gets a larger cap, and each packet is held to the frame limit later.
 * A WebSocket whose client does not take `maxQueuedFrames` writes is closed, as on `/ws`.
 */
public class EngineIoServlet extends JettyWebSocketServlet {
    static final String PEER_HEADER = "x-pulsechat-peer";

    private final transient EngineIoServer engine;
    private final long maxPayloadBytes;
    private final long maxPollingBodyBytes;
    private final Duration idleTimeout;
    private final int maxQueuedFrames;
    private final transient WebSocketLinks links;
    private final transient Meter slowDisconnects;

    EngineIoServlet(EngineIoServer engine, long maxPayloadBytes, long maxPollingBodyBytes, Duration idleTimeout,
                    int maxQueuedFrames, WebSocketLinks links, Meter slowDisconnects) {
        this.engine = engine;
        this.maxPayloadBytes = maxPayloadBytes;
        this.maxPollingBodyBytes = maxPollingBodyBytes;
        this.idleTimeout = idleTimeout;
        this.maxQueuedFrames = maxQueuedFrames;
        this.links = links;
        this.slowDisconnects = slowDisconnects;
    }

    @Override
    protected void configure(JettyWebSocketServletFactory factory) {
        factory.setMaxTextMessageSize(maxPayloadBytes);
        factory.setMaxBinaryMessageSize(maxPayloadBytes);
        factory.setIdleTimeout(idleTimeout);
        factory.setCreator(this::create);
    }

    private Object create(JettyServerUpgradeRequest request, JettyServerUpgradeResponse response) {
        Map<String, String> query = new HashMap<>();
        request.getParameterMap().forEach((name, values) -> query.put(name, values.isEmpty() ? "" : values.get(0)));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.getHeaders().forEach((name, values) -> {
            if (!PEER_HEADER.equalsIgnoreCase(name)) {
                headers.put(name, values);
            }
        });
        headers.put(PEER_HEADER, List.of(request.getHttpServletRequest().getRemoteAddr()));
        return new JettyEngineIoWebSocket(engine, query, headers, maxQueuedFrames, links, slowDisconnects);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if ("POST".equals(request.getMethod())) {
            long length = request.getContentLengthLong();
            if (length < 0) {
                response.sendError(HttpServletResponse.SC_LENGTH_REQUIRED);
                return;
            }
            if (length > maxPollingBodyBytes) {
                response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
                return;
            }
        }
        super.service(new PeerRequest(request), response);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        engine.handleRequest(request, response);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        engine.handleRequest(request, response);
    }

    @Override
    protected void doOptions(HttpServletRequest request, HttpServletResponse response) throws IOException {
        engine.handleRequest(request, response);
    }

    /** The request with {@link #PEER_HEADER} set to the TCP peer, replacing any the client sent. */
    private static final class PeerRequest extends HttpServletRequestWrapper {
        PeerRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return PEER_HEADER.equalsIgnoreCase(name) ? getRemoteAddr() : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return PEER_HEADER.equalsIgnoreCase(name) ? Collections.enumeration(List.of(getRemoteAddr())) : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = new ArrayList<>();
            for (String name : Collections.list(super.getHeaderNames())) {
                if (!PEER_HEADER.equalsIgnoreCase(name)) {
                    names.add(name);
                }
            }
            names.add(PEER_HEADER);
            return Collections.enumeration(names);
        }
    }
}
