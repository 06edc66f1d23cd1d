package io.pulsechat.compat.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.socket.engineio.server.EngineIoSocket;
import java.util.Set;
import java.util.UUID;

/**
 * One authenticated Socket.IO socket: who it is, where it stands in its rooms ({@link RoomPositions})
 * and what it sent that its client has not taken yet ({@link OutboundQueue}). Its state is touched
 * only by tasks on its {@link SerialExecutor}, so that packets and deliveries are handled in the order
 * they arrive.
 */
final class CompatSocket {
    private final String sid;
    private final UUID pid;
    private final UUID userId;
    private final String address;
    private final int generation;
    private final EngineIoSocket engine;
    private final ObjectMapper json;
    private final SerialExecutor executor;
    private final RoomPositions positions;
    private final OutboundQueue outbound;
    private int strikes;

    CompatSocket(SessionState state, String address, EngineIoSocket engine, SioCodec codec, ObjectMapper json,
                 SerialExecutor executor, int maxQueued, Runnable onOverflow) {
        this.sid = state.sid();
        this.pid = state.pid();
        this.userId = state.userId();
        this.generation = state.generation();
        this.address = address;
        this.engine = engine;
        this.json = json;
        this.executor = executor;
        this.positions = new RoomPositions(state);
        this.outbound = new OutboundQueue(engine, codec, maxQueued, onOverflow);
    }

    String sid() { return sid; }
    UUID pid() { return pid; }
    UUID userId() { return userId; }
    String address() { return address; }
    int generation() { return generation; }
    SerialExecutor executor() { return executor; }

    Set<UUID> rooms() { return positions.rooms(); }

    /** The last seq this socket was given in the room, or null when it is not in it. */
    Long position(UUID room) { return positions.position(room); }

    void join(UUID room, long lastSeq) { positions.join(room, lastSeq); }

    void leave(UUID room) { positions.leave(room); }

    /** Advances the room's position without an emission (a deleted message keeps its seq). */
    void skip(UUID room, long seq) { positions.skip(room, seq); }

    /**
     * `2["event", payload, "<offset>"]`: the offset lets the client ask for what follows after a
     * reconnect. False when the socket is over its queue and the event was not sent.
     */
    boolean emitInRoom(String event, JsonNode payload, UUID room, long seq) {
        if (!emit(event, payload, SessionState.offset(room, seq))) {
            return false;
        }
        positions.emitted(room, seq);
        return true;
    }

    /** An event with the given offset, or none (an error, a deletion). */
    boolean emit(String event, JsonNode payload, String offset) {
        ArrayNode args = json.createArrayNode().add(event).add(payload);
        if (offset != null) {
            args.add(offset);
        }
        return send(new SioPacket(SioPacket.EVENT, SioPacket.DEFAULT_NAMESPACE, null, args));
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

    /** Queues the packet; past the limit nothing more is queued and the connection is closed. */
    boolean send(SioPacket packet) { return outbound.send(packet); }

    /** The client took this many packets (a poll answered, or a WebSocket write handed on). */
    void taken(int packets) { outbound.taken(packets); }

    boolean overflowed() { return outbound.overflowed(); }

    void attach(JettyEngineIoWebSocket transport) { outbound.attach(transport); }

    /** A catch-up pauses at half the queue and goes on once the client has taken all but a quarter. */
    boolean congested() { return outbound.congested(); }

    boolean drained() { return outbound.drained(); }

    void pause(UUID room) { positions.pause(room); }

    boolean isBehind(UUID room) { return positions.isBehind(room); }

    /** The rooms whose catch-up was paused; they are no longer marked. */
    Set<UUID> resumeAll() { return positions.resumeAll(); }

    /** Safe from any thread. */
    boolean hasPaused() { return positions.hasPaused(); }

    /** Counts a refused send; true when the socket has flooded past its allowance. */
    boolean strike(int limit) {
        return ++strikes >= limit;
    }

    void clearStrikes() {
        strikes = 0;
    }

    SessionState snapshot() {
        return positions.snapshot(pid, sid, userId, generation);
    }

    /** A snapshot if anything changed since the last one, else null. */
    SessionState snapshotIfChanged() {
        return positions.changed() ? snapshot() : null;
    }

    /** The last snapshot was not saved: the next periodic save takes this socket again. */
    void markChanged() { positions.markChanged(); }

    void close() {
        engine.close();
    }
}
