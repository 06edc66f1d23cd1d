package io.pulsechat.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/** A WebSocket client that records every frame it receives, to wait on with a deadline. */
public final class WsClient implements Session.Listener.AutoDemanding, AutoCloseable {
    private static final WebSocketClient CLIENT = startClient();

    private final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private Session session;

    private static WebSocketClient startClient() {
        var client = new WebSocketClient();
        client.setMaxTextMessageSize(1024 * 1024);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return client;
    }

    /** Connects with the token as a query parameter and waits for `ready`. */
    public static WsClient connect(NodeAddress node, String token) {
        var client = new WsClient();
        client.open(node.ws("access_token=" + token), new ClientUpgradeRequest()).orTimeout(10, TimeUnit.SECONDS).join();
        client.await(f -> f.path("type").asText().equals("ready"));
        return client;
    }

    /** Opens a connection as given, without waiting for anything (the upgrade may be refused). */
    public CompletableFuture<Session> open(URI uri, ClientUpgradeRequest request) {
        try {
            return CLIENT.connect(this, uri, request);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
    }

    @Override
    public void onWebSocketText(String message) {
        frames.add(parse(message));
    }

    private static JsonNode parse(String message) {
        try {
            return Api.JSON.readTree(message);
        } catch (IOException e) {
            throw new IllegalStateException("server sent a frame that is not JSON: " + message, e);
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closed.complete(statusCode);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closed.completeExceptionally(cause);
    }

    public void send(Object frame) {
        try {
            sendRaw(frame instanceof String s ? s : Api.JSON.writeValueAsString(frame));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void sendRaw(String text) {
        var done = new CompletableFuture<Void>();
        session.sendText(text, Callback.from(() -> done.complete(null), done::completeExceptionally));
        done.orTimeout(10, TimeUnit.SECONDS).join();
    }

    public void sendMessage(Object conversationId, String clientMessageId, String body) {
        send(Map.of("type", "send-message", "conversationId", conversationId.toString(),
                "clientMessageId", clientMessageId, "body", body));
    }

    /** The next frame that matches, within 20 s; frames before it are kept in {@link #seen()}. */
    public JsonNode await(Predicate<JsonNode> match) {
        return await(match, Duration.ofSeconds(20));
    }

    public JsonNode await(Predicate<JsonNode> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                JsonNode frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (frame == null) {
                    throw new AssertionError("no matching frame within " + timeout + "; " + seen.size() + " seen, the last: "
                            + seen.subList(Math.max(0, seen.size() - 5), seen.size()));
                }
                seen.add(frame);
                if (match.test(frame)) {
                    return frame;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public JsonNode awaitType(String type) {
        return await(f -> f.path("type").asText().equals(type));
    }

    /** Every frame received so far that the tests have already waited past. */
    public List<JsonNode> seen() {
        return seen;
    }

    /** Moves every frame received so far into {@link #seen()} without waiting. */
    public List<JsonNode> drain() {
        frames.drainTo(seen);
        return seen;
    }

    public int awaitClose() {
        return closed.orTimeout(20, TimeUnit.SECONDS).join();
    }

    public CompletableFuture<Integer> closed() {
        return closed;
    }

    @Override
    public void close() {
        if (session != null && session.isOpen()) {
            session.close();
        }
    }

    /** The HTTP status of an upgrade: 101 when it succeeds, else the refusal's status. */
    public static int upgradeStatus(java.net.URI uri, String authorization, String origin) {
        var request = new org.eclipse.jetty.websocket.client.ClientUpgradeRequest();
        if (authorization != null) {
            request.setHeader("Authorization", authorization);
        }
        if (origin != null) {
            request.setHeader("Origin", origin);
        }
        try (var client = new WsClient()) {
            client.open(uri, request).orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
            return 101;
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause();
            while (cause != null && !(cause instanceof org.eclipse.jetty.websocket.api.exceptions.UpgradeException)) {
                cause = cause.getCause();
            }
            if (cause == null) {
                throw e;
            }
            return ((org.eclipse.jetty.websocket.api.exceptions.UpgradeException) cause).getResponseStatusCode();
        }
    }

}
