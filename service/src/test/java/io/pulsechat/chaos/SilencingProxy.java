package io.pulsechat.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy between the nodes and Redis that can fail as a network does without telling anyone
 * (Toxiproxy's `timeout` toxic): {@link #silence()} stops carrying bytes in both directions while
 * every socket stays open, and {@link #closeUpstream()} then closes the Redis side, as a NAT or load
 * balancer that forgot the connections does. The nodes' sockets stay ESTABLISHED and hear nothing,
 * ever. {@link #restore()} carries new connections again; the silenced ones stay silent.
 */
final class SilencingProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SilencingProxy.class);

    /** One proxied connection; once silenced it never carries a byte again. */
    private static final class Link {
        final Socket client;
        final Socket upstream;
        volatile boolean silent;

        Link(Socket client, Socket upstream, boolean silent) {
            this.client = client;
            this.upstream = upstream;
            this.silent = silent;
        }
    }

    private final ServerSocket server;
    private final int targetPort;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private volatile boolean silencing;

    private SilencingProxy(ServerSocket server, int targetPort) {
        this.server = server;
        this.targetPort = targetPort;
    }

    static SilencingProxy start(int targetPort) throws IOException {
        var proxy = new SilencingProxy(new ServerSocket(0, 200, InetAddress.getLoopbackAddress()), targetPort);
        daemon("silencing-proxy-accept", proxy::acceptAll);
        return proxy;
    }

    int port() {
        return server.getLocalPort();
    }

    /** Stops carrying bytes, both ways, on every connection, open or new; nothing is closed. */
    void silence() {
        silencing = true;
        links.forEach(link -> link.silent = true);
    }

    /** Closes the Redis side of every silenced connection; the node side stays open and silent. */
    void closeUpstream() {
        links.stream().filter(link -> link.silent).forEach(link -> closeQuietly(link.upstream));
    }

    /** New connections are carried again. */
    void restore() {
        silencing = false;
    }

    /** Silenced connections whose node side is still open: what the nodes must notice by themselves. */
    long silentOpenToNodes() {
        return links.stream().filter(link -> link.silent && !link.client.isClosed()).count();
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream;
                try {
                    upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                } catch (IOException redisDown) {
                    client.close();
                    continue;
                }
                var link = new Link(client, upstream, silencing);
                links.add(link);
                daemon("silencing-proxy-up", () -> pump(link, client, upstream));
                daemon("silencing-proxy-down", () -> pump(link, upstream, client));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /**
     * Copies while the link carries bytes, and swallows them once it is silent. A carried connection
     * that ends ends both sides; a silenced one ends nothing: its node side must find out alone.
     */
    private void pump(Link link, Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (!link.silent) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException ended) {
            LOG.debug("proxied connection ended: {}", ended.toString());
        } finally {
            closeQuietly(from);
            if (!link.silent) {
                closeQuietly(to);
            }
            if (link.client.isClosed() && link.upstream.isClosed()) {
                links.remove(link);
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException alreadyGone) {
            LOG.debug("closing an already broken proxied socket: {}", alreadyGone.toString());
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        links.forEach(link -> {
            closeQuietly(link.client);
            closeQuietly(link.upstream);
        });
    }
}
