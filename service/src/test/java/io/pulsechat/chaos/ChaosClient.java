package io.pulsechat.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulsechat.testing.Api;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/** One WebSocket connection of a chaos participant: frames go to a handler; sends are fire-and-forget. */
public final class ChaosClient implements Session.Listener.AutoDemanding {
    private final Consumer<JsonNode> onFrame;
    private final IntConsumer onClose;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile Session session;

    private ChaosClient(Consumer<JsonNode> onFrame, IntConsumer onClose) {
        this.onFrame = onFrame;
        this.onClose = onClose;
    }

    /** Connects, or answers null when the node refuses or is down (the caller tries again later). */
    static ChaosClient connect(WebSocketClient client, URI uri, Consumer<JsonNode> onFrame, IntConsumer onClose) {
        var chaosClient = new ChaosClient(onFrame, onClose);
        try {
            client.connect(chaosClient, uri, new ClientUpgradeRequest()).get();
            return chaosClient;
        } catch (IOException | java.util.concurrent.ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
    }

    @Override
    public void onWebSocketText(String message) {
        try {
            onFrame.accept(Api.JSON.readTree(message));
        } catch (IOException e) {
            throw new IllegalStateException("the server sent a frame that is not JSON: " + message, e);
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        onClose.accept(statusCode);
        closed.complete(null);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        closed.complete(null);
    }

    boolean isOpen() {
        Session current = session;
        return current != null && current.isOpen() && !closed.isDone();
    }

    void send(String frame) {
        Session current = session;
        if (current != null) {
            current.sendText(frame, Callback.NOOP);
        }
    }

    void close() {
        Session current = session;
        if (current != null) {
            current.close();
        }
    }
}
