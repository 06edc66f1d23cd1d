package io.pulsechat.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Jetty WebSocket clients, one per local source address: a source address gives at most one
 * ephemeral port range of connections to a node's port, so many idle sessions need several
 * (127.0.0.1, 127.0.0.2, ... are all loopback). Connects are bounded so that the node's accept
 * backlog never overflows.
 */
final class Clients implements AutoCloseable {
    private final List<WebSocketClient> clients = new ArrayList<>();
    private final Semaphore connecting;
    private int next;

    Clients(int sourceAddresses, int maxConnecting) throws Exception {
        connecting = new Semaphore(maxConnecting);
        for (int i = 0; i < sourceAddresses; i++) {
            var client = new WebSocketClient();
            client.setMaxTextMessageSize(1024 * 1024);
            client.setIdleTimeout(Duration.ofMinutes(10));
            client.setConnectTimeout(TimeUnit.SECONDS.toMillis(30));
            client.setStopAtShutdown(false);
            if (sourceAddresses > 1) {
                client.setBindAddress(new InetSocketAddress("127.0.0." + (i + 1), 0));
            }
            client.start();
            clients.add(client);
        }
    }

    /** Opens a session to {@code /ws} of the node with the token; completes when the upgrade is done. */
    CompletableFuture<Void> connect(Object listener, URI node, String token) {
        URI uri = URI.create("ws://" + node.getAuthority() + "/ws?access_token=" + token);
        WebSocketClient client = clients.get(next++ % clients.size());
        connecting.acquireUninterruptibly();
        try {
            return client.connect(listener, uri)
                    .whenComplete((s, e) -> connecting.release())
                    .thenApply(s -> null);
        } catch (IOException e) {
            connecting.release();
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void close() throws Exception {
        for (WebSocketClient client : clients) {
            client.stop();
        }
    }
}
