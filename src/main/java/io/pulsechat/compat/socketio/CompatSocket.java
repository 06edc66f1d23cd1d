package io.pulsechat.compat.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.socket.engineio.server.EngineIoSocket;
import io.socket.engineio.server.parser.Packet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One authenticated Socket.IO socket: its rooms, with the last seq delivered in each, and its recent
 * emissions for recovery. Its state is touched only by tasks on its {@link SerialExecutor}, so that
 * packets and deliveries are handled in the order they arrive.
 */
final class CompatSocket {
    private static final int RECENT_LIMIT = 1000;

    private final String sid;
    private final UUID pid;
    private final UUID userId;
    private final String address;
    private final int generation;
    private final EngineIoSocket engine;
    private final SioCodec codec;
    private final ObjectMapper json;
    private final SerialExecutor executor;
    private final Map<UUID, Long> positions = new HashMap<>();
    private final ArrayDeque<String> recent = new ArrayDeque<>();
    private int strikes;

    CompatSocket(SessionState state, String address, EngineIoSocket engine, SioCodec codec, ObjectMapper json,
                 SerialExecutor executor) {
        this.sid = state.sid();
        this.pid = state.pid();
        this.userId = state.userId();
        this.generation = state.generation();
        this.address = address;
        this.engine = engine;
        this.codec = codec;
        this.json = json;
        this.executor = executor;
        this.recent.addAll(state.recent());
        this.positions.putAll(state.positions());
    }

    String sid() { return sid; }
    UUID pid() { return pid; }
    UUID userId() { return userId; }
    String address() { return address; }
    int generation() { return generation; }
    SerialExecutor executor() { return executor; }

    Set<UUID> rooms() {
        return Set.copyOf(positions.keySet());
    }

    /** The last seq this socket was given in the room, or null when it is not in it. */
    Long position(UUID room) {
        return positions.get(room);
    }

    void join(UUID room, long lastSeq) {
        positions.putIfAbsent(room, lastSeq);
    }

    void leave(UUID room) {
        positions.remove(room);
    }

    /** Advances the room's position without an emission (a deleted message keeps its seq). */
    void skip(UUID room, long seq) {
        positions.computeIfPresent(room, (r, at) -> Math.max(at, seq));
    }

    /** `2["event", payload, "<offset>"]`: the offset lets the client ask for what follows after a reconnect. */
    void emitInRoom(String event, JsonNode payload, UUID room, long seq) {
        String offset = SessionState.offset(room, seq);
        emit(event, payload, offset);
        positions.put(room, seq);
        recent.addLast(offset);
        if (recent.size() > RECENT_LIMIT) {
            recent.removeFirst();
        }
    }

    /** An event outside any room (an error), without an offset. */
    void emit(String event, JsonNode payload, String offset) {
        ArrayNode args = json.createArrayNode().add(event).add(payload);
        if (offset != null) {
            args.add(offset);
        }
        send(new SioPacket(SioPacket.EVENT, SioPacket.DEFAULT_NAMESPACE, null, args));
    }

    void ack(Long ackId, JsonNode... args) {
        if (ackId == null) {
            return;
        }
        ArrayNode list = json.createArrayNode();
        for (JsonNode arg : args) {
            list.add(arg);
        }
        send(new SioPacket(SioPacket.ACK, SioPacket.DEFAULT_NAMESPACE, ackId, list));
    }

    void send(SioPacket packet) {
        engine.send(new Packet<>(Packet.MESSAGE, codec.encode(packet)));
    }

    /** Counts a refused send; true when the socket has flooded past its allowance. */
    boolean strike(int limit) {
        return ++strikes >= limit;
    }

    void clearStrikes() {
        strikes = 0;
    }

    SessionState snapshot() {
        return new SessionState(pid, sid, userId, generation, new HashMap<>(positions), new ArrayList<>(recent));
    }

    void close() {
        engine.close();
    }
}
