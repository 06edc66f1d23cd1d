package io.pulsechat.compat.socketio;

import io.socket.engineio.server.EngineIoSocket;
import io.socket.engineio.server.parser.Packet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The packets a socket sent that its client has not taken yet, counted as `/ws` does: past
 * `maxQueued` the connection is closed rather than buffered without bound. Safe from any thread:
 * the socket's executor sends, the thread that flushes counts what was taken.
 */
final class OutboundQueue {
    private final EngineIoSocket engine;
    private final SioCodec codec;
    private final int maxQueued;
    private final Runnable onOverflow;
    private final AtomicInteger queued = new AtomicInteger();
    private volatile boolean overflowed;
    /** The WebSocket under the socket once there is one: its untaken writes count too. */
    private volatile JettyEngineIoWebSocket webSocket;

    OutboundQueue(EngineIoSocket engine, SioCodec codec, int maxQueued, Runnable onOverflow) {
        this.engine = engine;
        this.codec = codec;
        this.maxQueued = maxQueued;
        this.onOverflow = onOverflow;
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

    /** A catch-up pauses at half the queue and goes on once the client has taken all but a quarter. */
    boolean congested() {
        return untaken() >= maxQueued / 2;
    }

    boolean drained() {
        return untaken() <= maxQueued / 4;
    }

    private int untaken() {
        JettyEngineIoWebSocket transport = webSocket;
        return queued.get() + (transport == null ? 0 : transport.pending());
    }
}
