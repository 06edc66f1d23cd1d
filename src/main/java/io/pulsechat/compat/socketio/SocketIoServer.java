package io.pulsechat.compat.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulsechat.auth.JwtService;
import io.pulsechat.core.Memberships;
import io.socket.engineio.server.EngineIoServer;
import io.socket.engineio.server.EngineIoSocket;
import io.socket.engineio.server.parser.Packet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Socket.IO protocol 5 over engine.io-server, default namespace only. A CONNECT must authenticate;
 * with a known `pid` and an `offset` it recovers the session's rooms and missed messages.
 */
public final class SocketIoServer {
    private static final String BEARER = "Bearer ";
    /** As Socket.IO does: a connection that never sends its CONNECT is closed. */
    private static final long CONNECT_TIMEOUT_SECONDS = 45;

    private final ObjectMapper json;
    private final SioCodec codec;
    private final JwtService jwt;
    private final Rooms rooms;
    private final RoomDelivery delivery;
    private final CompatEvents events;
    private final RecoveryStore recovery;
    private final Memberships memberships;
    private final Executor pool;
    private final long maxPacketBytes;
    private final int socketsPerUser;

    SocketIoServer(ObjectMapper json, JwtService jwt, Rooms rooms, RoomDelivery delivery, CompatEvents events,
                   RecoveryStore recovery, Memberships memberships, Executor pool, long maxPacketBytes, int socketsPerUser) {
        this.json = json;
        this.codec = new SioCodec(json);
        this.jwt = jwt;
        this.rooms = rooms;
        this.delivery = delivery;
        this.events = events;
        this.recovery = recovery;
        this.memberships = memberships;
        this.pool = pool;
        this.maxPacketBytes = maxPacketBytes;
        this.socketsPerUser = socketsPerUser;
    }

    void attach(EngineIoServer server) {
        server.on("connection", args -> accept(server, (EngineIoSocket) args[0]));
    }

    private void accept(EngineIoServer server, EngineIoSocket engine) {
        var connection = new Connection(engine, new SerialExecutor(pool));
        engine.on("message", args -> connection.executor.execute(() -> connection.onMessage(args[0])));
        engine.on("close", args -> connection.executor.execute(connection::onClose));
        server.getScheduledExecutor().schedule(() -> connection.executor.execute(connection::closeIfNotConnected),
                CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** One Engine.IO connection; before its CONNECT it has no socket. */
    private final class Connection {
        private final EngineIoSocket engine;
        private final SerialExecutor executor;
        private CompatSocket socket;
        private boolean closedByClient;

        Connection(EngineIoSocket engine, SerialExecutor executor) {
            this.engine = engine;
            this.executor = executor;
        }

        void onMessage(Object data) {
            Optional<SioPacket> packet = data instanceof String text && text.length() <= maxPacketBytes
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
            if (rooms.countOf(user.get()) >= socketsPerUser) {
                reply(new SioPacket(SioPacket.CONNECT_ERROR, SioPacket.DEFAULT_NAMESPACE, null,
                        json.createObjectNode().put("message", "too many open sockets for this user")));
                return;
            }
            Optional<SessionState> recovered = recover(auth, user.get());
            SessionState state = recovered.orElseGet(() -> new SessionState(UUID.randomUUID(), UUID.randomUUID().toString(),
                    user.get(), 0, Map.of(), List.of()));
            socket = new CompatSocket(state, header(EngineIoServlet.PEER_HEADER).orElse("unknown"), engine, codec, json,
                    executor);
            rooms.add(socket);
            socket.rooms().forEach(room -> rooms.join(socket, room));
            reply(new SioPacket(SioPacket.CONNECT, SioPacket.DEFAULT_NAMESPACE, null,
                    json.createObjectNode().put("sid", socket.sid()).put("pid", socket.pid().toString())));
            if (recovered.isPresent()) {
                socket.rooms().forEach(room -> delivery.catchUp(socket, room, Long.MAX_VALUE));
                recovery.save(socket.snapshot());
            }
        }

        /** Follows Socket.IO: a `pid` alone (no offset yet) does not recover. */
        private Optional<SessionState> recover(JsonNode auth, UUID userId) {
            if (auth == null || !auth.path("pid").isTextual() || !auth.path("offset").isTextual()) {
                return Optional.empty();
            }
            UUID pid;
            try {
                pid = UUID.fromString(auth.get("pid").asText());
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            String offset = auth.get("offset").asText();
            return recovery.claim(pid, userId).map(old -> new SessionState(old.pid(), old.sid(), userId,
                    old.generation(), stillMember(userId, old.positionsAfter(offset)), List.of()));
        }

        /** A room the user has left since is not given back. */
        private Map<UUID, Long> stillMember(UUID userId, Map<UUID, Long> positions) {
            Map<UUID, Long> kept = new HashMap<>(positions);
            kept.keySet().removeIf(room -> !memberships.isMember(room, userId));
            return kept;
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
            if (closedByClient) {
                recovery.forget(socket.pid(), socket.generation());
            } else {
                recovery.save(socket.snapshot());
            }
        }

        private void reply(SioPacket packet) {
            engine.send(new Packet<>(Packet.MESSAGE, codec.encode(packet)));
        }

        /** `auth.token`, else the handshake's `Authorization` header or `access_token` query; `Bearer ` optional. */
        private Optional<String> token(JsonNode auth) {
            Optional<String> raw = auth != null && auth.path("token").isTextual()
                    ? Optional.of(auth.get("token").asText())
                    : header("Authorization").or(() -> Optional.ofNullable(engine.getInitialQuery().get("access_token")));
            return raw.map(String::trim)
                    .map(t -> t.regionMatches(true, 0, BEARER, 0, BEARER.length()) ? t.substring(BEARER.length()).trim() : t);
        }

        private Optional<String> header(String name) {
            return engine.getInitialHeaders().entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                    .map(e -> e.getValue().get(0))
                    .findFirst();
        }
    }
}
