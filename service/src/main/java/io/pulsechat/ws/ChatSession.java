package io.pulsechat.ws;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * One open WebSocket of a user. Writes are asynchronous and bounded: a client that does not read
 * is disconnected instead of growing the node's memory. Holds live messages of a conversation back
 * while a `sync` of it runs, so that the session sees that conversation in seq order.
 *
 * <p>Text frames go straight to Jetty's core session, which can batch them: the frames one bus event
 * brings to a session are gathered and leave in one write when the event's delivery {@link #flush()}es.
 */
public class ChatSession {
    private record Held(long seq, TextFrame frame) {}

    private final String id = UUID.randomUUID().toString();
    private final UUID userId;
    private final String address;
    private final Session session;
    private final CoreSession core;
    private final int maxQueuedFrames;
    private final boolean batchDeliveries;
    private final AtomicInteger queued = new AtomicInteger();
    /** Conversations being synced, with the live messages held back meanwhile; rare, so made on demand. */
    private Map<UUID, List<Held>> syncing;
    private int strikes;

    ChatSession(UUID userId, String address, Session session, CoreSession core, int maxQueuedFrames,
                boolean batchDeliveries) {
        this.userId = userId;
        this.address = address;
        this.session = session;
        this.core = core;
        this.maxQueuedFrames = maxQueuedFrames;
        this.batchDeliveries = batchDeliveries;
    }

    public String id() { return id; }
    public UUID userId() { return userId; }

    /** The client's IP address, as the upgrade request had it (behind a trusted proxy: the forwarded client). */
    public String address() { return address; }

    /** Sends one frame now. */
    public void send(String frame) {
        send(TextFrame.of(frame), false);
    }

    /** Sends one frame, encoded already, now. */
    public void send(TextFrame frame) {
        send(frame, false);
    }

    private void send(TextFrame frame, boolean batch) {
        if (queued.incrementAndGet() > maxQueuedFrames) {
            queued.decrementAndGet();
            close(StatusCode.POLICY_VIOLATION, "too slow: outbound queue full");
            return;
        }
        core.sendFrame(new Frame(OpCode.TEXT, frame.payload()), Callback.from(queued::decrementAndGet, failure -> queued.decrementAndGet()),
                batch);
    }

    /**
     * A live message of a conversation; held back while that conversation is being synced. It may wait
     * in the session's batch until {@link #flush()}: the caller must flush once it has delivered the rest.
     */
    public synchronized void deliver(UUID conversationId, long seq, TextFrame frame) {
        List<Held> held = syncing == null ? null : syncing.get(conversationId);
        if (held != null) {
            held.add(new Held(seq, frame));
        } else {
            send(frame, batchDeliveries);
        }
    }

    /** Writes what {@link #deliver} batched, in one write. */
    public void flush() {
        core.flush(Callback.NOOP);
    }

    synchronized void beginSync(UUID conversationId) {
        if (syncing == null) {
            syncing = new HashMap<>();
        }
        syncing.putIfAbsent(conversationId, new ArrayList<>());
    }

    /**
     * Sends the synced frames, then the live messages that came meanwhile and follow them. With
     * more to sync, those are dropped: the client's next `sync` brings them in order.
     */
    synchronized void endSync(UUID conversationId, List<String> frames, String syncedFrame, long lastSeq, boolean hasMore) {
        List<Held> held = syncing == null ? null : syncing.remove(conversationId);
        frames.forEach(frame -> send(frame));
        send(syncedFrame);
        if (held != null && !hasMore) {
            held.stream().filter(h -> h.seq() > lastSeq).forEach(h -> send(h.frame()));
        }
    }

    /** Counts a refused frame; true when the session has flooded past its allowance. */
    synchronized boolean strike(int limit) {
        return ++strikes >= limit;
    }

    synchronized void clearStrikes() {
        strikes = 0;
    }

    public void ping() {
        session.sendPing(java.nio.ByteBuffer.allocate(0), org.eclipse.jetty.websocket.api.Callback.NOOP);
    }

    public void close(int code, String reason) {
        session.close(code, reason, org.eclipse.jetty.websocket.api.Callback.NOOP);
    }
}
