package io.pulsechat.compat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulsechat.testing.Api;
import io.pulsechat.testing.NodeAddress;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Engine.IO 4 / Socket.IO 5 spoken by hand over a WebSocket, for what the Java client cannot do:
 * connection-state recovery (`pid` and `offset`), as socket.io-client 4.6+ sends them.
 */
public final class RawSocketIo implements Session.Listener.AutoDemanding, AutoCloseable {
    private static final WebSocketClient CLIENT = startClient();

    private final LinkedBlockingQueue<String> packets = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private Session session;

    private static WebSocketClient startClient() {
        var client = new WebSocketClient();
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return client;
    }

    static RawSocketIo open(NodeAddress node) {
        var raw = new RawSocketIo();
        URI uri = URI.create(node.http("/socket.io/?EIO=4&transport=websocket").toString().replace("http://", "ws://"));
        try {
            CLIENT.connect(raw, uri).orTimeout(10, TimeUnit.SECONDS).join();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        String open = raw.next();
        if (!open.startsWith("0{")) {
            throw new IllegalStateException("expected the Engine.IO open packet, got " + open);
        }
        return raw;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
    }

    @Override
    public void onWebSocketText(String message) {
        if (message.equals("2")) {
            session.sendText("3", Callback.NOOP);
        } else {
            packets.add(message);
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closed.complete(statusCode);
    }

    int awaitClose() {
        return closed.orTimeout(15, TimeUnit.SECONDS).join();
    }

    /** Sends a Socket.IO packet inside an Engine.IO message packet. */
    void send(String socketIoPacket) {
        var done = new CompletableFuture<Void>();
        session.sendText("4" + socketIoPacket, Callback.from(() -> done.complete(null), done::completeExceptionally));
        done.orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** The next Socket.IO packet (without the Engine.IO `4`). */
    String nextSocketIo() {
        String packet = next();
        if (!packet.startsWith("4")) {
            throw new AssertionError("expected an Engine.IO message, got " + packet);
        }
        return packet.substring(1);
    }

    JsonNode nextJson(String prefix) {
        String packet = nextSocketIo();
        if (!packet.startsWith(prefix)) {
            throw new AssertionError("expected " + prefix + "..., got " + packet);
        }
        try {
            return Api.JSON.readTree(packet.substring(prefix.length()));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Nothing arrives within the time: for "sent once" checks after a known last packet. */
    String poll(long millis) {
        try {
            return packets.poll(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String next() {
        String packet = poll(15_000);
        if (packet == null) {
            throw new AssertionError("no packet within 15 s");
        }
        return packet;
    }

    /** Drops the transport without a Socket.IO DISCONNECT, as a lost network does. */
    @Override
    public void close() {
        if (session != null) {
            session.close();
        }
    }
}
