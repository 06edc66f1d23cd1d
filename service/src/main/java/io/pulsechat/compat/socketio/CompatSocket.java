package io.pulsechat.compat.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.socket.engineio.server.EngineIoSocket;
import io.socket.engineio.server.parser.Packet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One authenticated Socket.IO socket: its rooms, with the last seq delivered in each and the seq it
 * was joined at, and its recent emissions for recovery. Its state is touched only by tasks on its
 * {@link SerialExecutor}, so that packets and deliveries are handled in the order they arrive.
 * Packets not yet taken by the client are counted, as `/ws` does: past `maxQueued` the socket is
 * closed rather than buffered without bound.
 */
final class CompatSocket {
    private final String sid;
    private final UUID pid;
    private final UUID userId;
    private final String address;
    private final int generation;
    private final EngineIoSocket engine;
    private final SioCodec codec;
    private final ObjectMapper json;
    private final SerialExecutor executor;
    private final int maxQueued;
    private final Runnable onOverflow;
    private final Map<UUID, Long> positions = new HashMap<>();
    private final Map<UUID, Long> joined = new HashMap<>();
    private final ArrayDeque<SessionState.Run> recent = new ArrayDeque<>();
    /** Rooms whose catch-up paused until the client has taken what is queued. */
    private final Set<UUID> behind = new HashSet<>();
    private final AtomicInteger queued = new AtomicInteger();
    private volatile boolean overflowed;
    private volatile boolean paused;
    /** The WebSocket under this socket once there is one: its untaken writes count too. */
    private volatile JettyEngineIoWebSocket webSocket;
    private boolean dirty;
    private int strikes;

    CompatSocket(SessionState state, String address, EngineIoSocket engine, SioCodec codec, ObjectMapper json,
                 SerialExecutor executor, int maxQueued, Runnable onOverflow) {
        this.sid = state.sid();
        this.pid = state.pid();
        this.userId = state.userId();
        this.generation = state.generation();
        this.address = address;
        this.engine = engine;
        this.codec = codec;
        this.json = json;
        this.executor = executor;
        this.maxQueued = maxQueued;
        this.onOverflow = onOverflow;
        state.recent().forEach(run -> this.recent.addLast(SessionState.Run.parse(run)));
        this.positions.putAll(state.positions());
        this.joined.putAll(state.joined());
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
        if (positions.putIfAbsent(room, lastSeq) == null) {
            joined.put(room, lastSeq);
            dirty = true;
        }
    }

    void leave(UUID room) {
        positions.remove(room);
        joined.remove(room);
        behind.remove(room);
        paused = !behind.isEmpty();
        dirty = true;
    }

    /** Advances the room's position without an emission (a deleted message keeps its seq). */
    void skip(UUID room, long seq) {
        positions.computeIfPresent(room, (r, at) -> Math.max(at, seq));
        dirty = true;
    }

    /**
     * `2["event", payload, "<offset>"]`: the offset lets the client ask for what follows after a
     * reconnect. False when the socket is over its queue and the event was not sent.
     */
    boolean emitInRoom(String event, JsonNode payload, UUID room, long seq) {
        if (!emit(event, payload, SessionState.offset(room, seq))) {
            return false;
        }
        positions.put(room, seq);
        SessionState.Run last = recent.peekLast();
        if (last != null && last.room().equals(room) && seq > last.to()) {
            recent.removeLast();
            recent.addLast(new SessionState.Run(room, last.from(), seq));
        } else {
            recent.addLast(new SessionState.Run(room, seq, seq));
            if (recent.size() > SessionState.RECENT_RUNS) {
                recent.removeFirst();
            }
        }
        dirty = true;
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
    boolean send(SioPacket packet) {
        if (overflowed) {
            return false;
        }
        if (queued.incrementAndGet() > maxQueued) {
            overflowed = true;
            onOverflow.run();
            engine.close();
            return false;
        }
        engine.send(new Packet<>(Packet.MESSAGE, codec.encode(packet)));
        return true;
    }

    /** The client took this many packets (a poll answered, or a WebSocket write handed on). */
    void taken(int packets) {
        queued.updateAndGet(q -> Math.max(0, q - packets));
    }

    boolean overflowed() {
        return overflowed;
    }

    void attach(JettyEngineIoWebSocket transport) {
        this.webSocket = transport;
    }

    private int untaken() {
        JettyEngineIoWebSocket transport = webSocket;
        return queued.get() + (transport == null ? 0 : transport.pending());
    }

    /** A catch-up pauses at half the queue and goes on once the client has taken all but a quarter. */
    boolean congested() {
        return untaken() >= maxQueued / 2;
    }

    boolean drained() {
        return untaken() <= maxQueued / 4;
    }

    void pause(UUID room) {
        behind.add(room);
        paused = true;
    }

    boolean isBehind(UUID room) {
        return behind.contains(room);
    }

    /** The rooms whose catch-up was paused; they are no longer marked. */
    Set<UUID> resumeAll() {
        Set<UUID> rooms = Set.copyOf(behind);
        behind.clear();
        paused = false;
        return rooms;
    }

    /** Safe from any thread. */
    boolean hasPaused() {
        return paused;
    }

    /** Counts a refused send; true when the socket has flooded past its allowance. */
    boolean strike(int limit) {
        return ++strikes >= limit;
    }

    void clearStrikes() {
        strikes = 0;
    }

    SessionState snapshot() {
        dirty = false;
        return new SessionState(pid, sid, userId, generation, new HashMap<>(positions), new HashMap<>(joined),
                recent.stream().map(SessionState.Run::toString).toList());
    }

    /** A snapshot if anything changed since the last one, else null. */
    SessionState snapshotIfChanged() {
        return dirty ? snapshot() : null;
    }

    /** The last snapshot was not saved: the next periodic save takes this socket again. */
    void markChanged() {
        dirty = true;
    }

    void close() {
        engine.close();
    }
}
