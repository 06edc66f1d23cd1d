package io.pulsechat.compat.socketio;

import com.codahale.metrics.Meter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulsechat.auth.BearerTokens;
import io.pulsechat.auth.JwtService;
import io.pulsechat.ws.PresenceTracker;
import io.socket.engineio.server.EngineIoSocket;
import io.socket.engineio.server.parser.Packet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One Engine.IO connection; before its CONNECT it has no socket. */
final class SocketIoConnection {
    /** What every connection of the node shares. */
    record Shared(ObjectMapper json, SioCodec codec, JwtService jwt, Rooms rooms, RoomDelivery delivery,
                  CompatEvents events, RecoveryStore recovery, RecoveryPlanner planner, PresenceTracker presence,
                  SocketIoServer.Limits limits, Meter recoveredConnects, Meter freshConnects, Meter slowDisconnects) {}

    /** The connect lines keep the logger they had before connections were a class of their own: log settings name it. */
    private static final Logger LOG = LoggerFactory.getLogger(SocketIoServer.class);

    private final EngineIoSocket engine;
    private final SerialExecutor executor;
    private final ObjectMapper json;
    private final SioCodec codec;
    private final JwtService jwt;
    private final Rooms rooms;
    private final RoomDelivery delivery;
    private final CompatEvents events;
    private final RecoveryStore recovery;
    private final RecoveryPlanner planner;
    private final PresenceTracker presence;
    private final SocketIoServer.Limits limits;
    private final Meter recoveredConnects;
    private final Meter freshConnects;
    private final Meter slowDisconnects;
    /** Set on the connection's executor, read also by the thread that flushes. */
    private volatile CompatSocket socket;
    private volatile JettyEngineIoWebSocket webSocket;
    private boolean closedByClient;

    SocketIoConnection(EngineIoSocket engine, SerialExecutor executor, Shared shared) {
        this.engine = engine;
        this.executor = executor;
        this.json = shared.json();
        this.codec = shared.codec();
        this.jwt = shared.jwt();
        this.rooms = shared.rooms();
        this.delivery = shared.delivery();
        this.events = shared.events();
        this.recovery = shared.recovery();
        this.planner = shared.planner();
        this.presence = shared.presence();
        this.limits = shared.limits();
        this.recoveredConnects = shared.recoveredConnects();
        this.freshConnects = shared.freshConnects();
        this.slowDisconnects = shared.slowDisconnects();
    }

    SerialExecutor executor() {
        return executor;
    }

    void onMessage(Object data) {
        Optional<SioPacket> packet = data instanceof String text && text.length() <= limits.maxPacketBytes()
                ? codec.decode(text) : Optional.empty();
        if (packet.isEmpty()) {
            // Not a packet we accept (binary, malformed, over the frame limit): as /ws does, the connection ends.
            engine.close();
            return;
        }
        SioPacket p = packet.get();
        if (!SioPacket.DEFAULT_NAMESPACE.equals(p.namespace())) {
            reply(new SioPacket(SioPacket.CONNECT_ERROR, p.namespace(), null,
                    json.createObjectNode().put("message", "Invalid namespace")));
            return;
        }
        switch (p.type()) {
            case SioPacket.CONNECT -> connect(p.data());
            case SioPacket.EVENT -> {
                if (socket != null) {
                    events.handle(socket, p.data(), p.ackId());
                }
            }
            case SioPacket.DISCONNECT -> disconnect();
            default -> { }
        }
    }

    private void connect(JsonNode auth) {
        if (socket != null) {
            return;
        }
        Optional<UUID> user = token(auth).flatMap(jwt::verify);
        if (user.isEmpty()) {
            reply(new SioPacket(SioPacket.CONNECT_ERROR, SioPacket.DEFAULT_NAMESPACE, null,
                    json.createObjectNode().put("message", "unauthorized")));
            return;
        }
        if (rooms.countOf(user.get()) >= limits.socketsPerUser()) {
            reply(new SioPacket(SioPacket.CONNECT_ERROR, SioPacket.DEFAULT_NAMESPACE, null,
                    json.createObjectNode().put("message", "too many open sockets for this user")));
            return;
        }
        RecoveryPlanner.Outcome outcome = planner.plan(auth, user.get());
        SessionState state = outcome.state().orElseGet(() -> new SessionState(UUID.randomUUID(),
                UUID.randomUUID().toString(), user.get(), 0, Map.of(), Map.of(), List.of()));
        socket = new CompatSocket(state, header(EngineIoServlet.PEER_HEADER).orElse("unknown"), engine, codec, json,
                executor, limits.maxQueuedFrames(), this::overflowed);
        if (webSocket != null) {
            socket.attach(webSocket);
        }
        rooms.add(socket);
        List<CompletableFuture<Void>> joins = new ArrayList<>();
        socket.rooms().forEach(room -> joins.add(rooms.join(socket, room)));
        presence.opened(user.get());
        if (outcome.state().isEmpty()) {
            // Saved before the client learns its pid: a reconnect right after this one finds it.
            recovery.saveOrRetryLater(socket);
        }
        reply(new SioPacket(SioPacket.CONNECT, SioPacket.DEFAULT_NAMESPACE, null,
                json.createObjectNode().put("sid", socket.sid()).put("pid", socket.pid().toString())));
        if (outcome.state().isPresent()) {
            recoveredConnects.mark();
            LOG.info("Socket.IO connect of user {} on {}: recovered ({})", user.get(), transport(), outcome.why());
            rooms.awaitHeard(joins);
            socket.rooms().forEach(room -> delivery.catchUp(socket, room, Long.MAX_VALUE));
            // Saved at once: a node that dies before its next periodic save still leaves what was replayed.
            recovery.saveOrRetryLater(socket);
        } else {
            freshConnects.mark();
            LOG.info("Socket.IO connect of user {} on {}: fresh ({})", user.get(), transport(), outcome.why());
        }
    }

    private void disconnect() {
        closedByClient = true;
        engine.close();
    }

    void closeIfNotConnected() {
        if (socket == null) {
            engine.close();
        }
    }

    void onClose() {
        if (socket == null) {
            return;
        }
        rooms.remove(socket);
        try {
            if (closedByClient) {
                recovery.forget(socket.pid(), socket.generation());
            } else {
                recovery.save(socket.snapshot());
            }
        } finally {
            // After the save: whoever sees the user go offline finds the session recoverable.
            presence.closed(socket.userId());
        }
    }

    /** Runs on the thread that flushed: counts what left the engine's buffer. */
    void taken(Collection<?> flushed) {
        CompatSocket current = socket;
        if (current != null) {
            current.taken((int) flushed.stream()
                    .filter(p -> p instanceof Packet<?> packet && Packet.MESSAGE.equals(packet.type)).count());
            resumeIfDrained();
        }
    }

    void onWebSocket(JettyEngineIoWebSocket transport) {
        webSocket = transport;
        transport.onDrained(this::resumeIfDrained);
        CompatSocket current = socket;
        if (current != null) {
            current.attach(transport);
        }
    }

    /** Any thread: goes on with the catch-ups that paused, once the client has taken most of its queue. */
    private void resumeIfDrained() {
        CompatSocket current = socket;
        if (current != null && current.hasPaused() && current.drained()) {
            executor.execute(() -> {
                if (current.hasPaused() && current.drained() && !current.overflowed()) {
                    current.resumeAll().forEach(room -> delivery.catchUp(current, room, Long.MAX_VALUE));
                }
            });
        }
    }

    private void overflowed() {
        slowDisconnects.mark();
        LOG.info("closing Socket.IO socket {} of user {}: its client left {} packets untaken (websocket.maxQueuedFrames)",
                socket.sid(), socket.userId(), limits.maxQueuedFrames());
    }

    private String transport() {
        return engine.getInitialQuery().getOrDefault("transport", "?");
    }

    private void reply(SioPacket packet) {
        engine.send(new Packet<>(Packet.MESSAGE, codec.encode(packet)));
    }

    /** `auth.token`, else the handshake's `Authorization` header or `access_token` query; `Bearer ` optional. */
    private Optional<String> token(JsonNode auth) {
        Optional<String> raw = auth != null && auth.path("token").isTextual()
                ? Optional.of(auth.get("token").asText())
                : header("Authorization").or(() -> Optional.ofNullable(engine.getInitialQuery().get("access_token")));
        return raw.map(String::trim).map(BearerTokens::withoutScheme);
    }

    private Optional<String> header(String name) {
        return engine.getInitialHeaders().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                .map(e -> e.getValue().get(0))
                .findFirst();
    }
}
