package io.pulsechat.bench;

import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.websocket.api.Session;

/** A session that only waits for `ready` and then stays open: the connection test's client. */
public final class IdleSocket implements Session.Listener.AutoDemanding {
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile Session session;

    CompletableFuture<Void> ready() { return ready; }

    boolean isOpen() {
        Session s = session;
        return s != null && s.isOpen();
    }

    void close() {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.close();
        }
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
    }

    @Override
    public void onWebSocketText(String text) {
        if (text.contains("\"type\":\"ready\"")) {
            ready.complete(null);
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        ready.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        ready.completeExceptionally(cause);
    }
}
