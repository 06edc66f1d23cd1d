package io.pulsechat.compat;

import io.pulsechat.testing.NodeAddress;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.json.JSONObject;

/** The real Java socket.io-client, recording the events the frontend listens to. */
public final class SioClient implements AutoCloseable {
    public record Event(String name, JSONObject payload, Object offset) {}

    private final Socket socket;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<Object> connected = new CompletableFuture<>();

    private SioClient(NodeAddress node, String token, String transport) {
        var options = IO.Options.builder()
                .setTransports(transport.equals("polling") ? new String[] {"polling"} : new String[] {transport})
                .setReconnection(false)
                .setForceNew(true);
        if (token != null) {
            options.setAuth(Map.of("token", token));
        }
        socket = IO.socket(node.http(""), options.build());
        for (String name : new String[] {"MESSAGE", "ERROR", "MESSAGE_DELETED"}) {
            socket.on(name, args -> events.add(new Event(name, (JSONObject) args[0], args.length > 1 ? args[1] : null)));
        }
        socket.on(Socket.EVENT_CONNECT, args -> connected.complete(true));
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> connected.complete(args.length > 0 ? args[0] : "error"));
        socket.connect();
    }

    /** transport: "polling" (then the upgrade) or "websocket". */
    public static SioClient connect(NodeAddress node, String token, String transport) {
        var client = new SioClient(node, token, transport);
        Object outcome = client.connected.orTimeout(10, TimeUnit.SECONDS).join();
        if (!Boolean.TRUE.equals(outcome)) {
            throw new IllegalStateException("connect refused: " + outcome);
        }
        return client;
    }

    /** The connect_error's payload for a refused connection. */
    static Object refused(NodeAddress node, String token) {
        var client = new SioClient(node, token, "websocket");
        try {
            return client.connected.orTimeout(10, TimeUnit.SECONDS).join();
        } finally {
            client.close();
        }
    }

    /** Emits JOIN and waits for its ack's arguments. */
    public Object[] join(String room) {
        var ack = new CompletableFuture<Object[]>();
        socket.emit("JOIN", new Object[] {new JSONObject().put("room", room)}, (Ack) ack::complete);
        return ack.orTimeout(10, TimeUnit.SECONDS).join();
    }

    void send(String room, JSONObject message) {
        socket.emit("MESSAGE", new JSONObject().put("room", room).put("message", message));
    }

    public Event await(Predicate<Event> match) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        try {
            while (true) {
                Event event = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (event == null) {
                    throw new AssertionError("no matching Socket.IO event within 15 s");
                }
                if (match.test(event)) {
                    return event;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Event awaitMessage(String body) {
        return await(e -> e.name().equals("MESSAGE") && e.payload().optString("body").equals(body));
    }

    @Override
    public void close() {
        socket.disconnect();
        socket.close();
    }
}
