package io.pulsechat.compat.socketio;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulsechat.auth.JwtService;
import io.pulsechat.core.Memberships;
import io.pulsechat.core.MetricNames;
import io.pulsechat.ws.PresenceTracker;
import io.socket.engineio.server.EngineIoServer;
import io.socket.engineio.server.EngineIoSocket;
import io.socket.engineio.server.Transport;
import java.util.Collection;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Socket.IO protocol 5 over engine.io-server, default namespace only. A CONNECT must authenticate;
 * with a known `pid`, with or without an `offset`, it recovers the session's rooms and missed messages
 * (Socket.IO's own server needs the offset; the frontend never JOINs again, so a socket that had
 * received nothing yet would otherwise stay deaf). Each connect is logged and counted as recovered or fresh.
 */
public final class SocketIoServer {
    /** Limits of one node's sockets. */
    record Limits(long maxPacketBytes, int socketsPerUser, int maxQueuedFrames, int replayLimit) {}

    /** As Socket.IO does: a connection that never sends its CONNECT is closed. */
    private static final long CONNECT_TIMEOUT_SECONDS = 45;

    private final SocketIoConnection.Shared shared;
    private final Executor pool;
    private final WebSocketLinks links;

    SocketIoServer(ObjectMapper json, JwtService jwt, Rooms rooms, RoomDelivery delivery, CompatEvents events,
                   RecoveryStore recovery, Memberships memberships, PresenceTracker presence, Executor pool, Limits limits,
                   MetricRegistry metrics, WebSocketLinks links) {
        this.shared = new SocketIoConnection.Shared(json, new SioCodec(json), jwt, rooms, delivery, events, recovery,
                new RecoveryPlanner(recovery, memberships, limits.replayLimit()), presence, limits,
                metrics.meter(MetricNames.SOCKETIO_CONNECTS_RECOVERED), metrics.meter(MetricNames.SOCKETIO_CONNECTS_FRESH),
                metrics.meter(MetricNames.SOCKETIO_DISCONNECTS_SLOW));
        this.pool = pool;
        this.links = links;
    }

    void attach(EngineIoServer server) {
        server.on("connection", args -> accept(server, (EngineIoSocket) args[0]));
    }

    private void accept(EngineIoServer server, EngineIoSocket engine) {
        var connection = new SocketIoConnection(engine, new SerialExecutor(pool), shared);
        engine.on("message", args -> connection.executor().execute(() -> connection.onMessage(args[0])));
        engine.on("close", args -> connection.executor().execute(connection::onClose));
        engine.on("flush", args -> connection.taken((Collection<?>) args[0]));
        if ("websocket".equals(engine.getInitialQuery().get("transport"))) {
            links.of(engine.getInitialQuery()).ifPresent(connection::onWebSocket);
        }
        engine.on("upgrade", args -> links.of(((Transport) args[0]).getInitialQuery()).ifPresent(connection::onWebSocket));
        server.getScheduledExecutor().schedule(() -> connection.executor().execute(connection::closeIfNotConnected),
                CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
