package io.pulsechat.compat;

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
 * A TCP proxy standing in for a load balancer in front of the nodes: new connections go to the current
 * target (refused while there is none), and the open ones can be dropped as a lost network drops them.
 */
final class SwitchableProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchableProxy.class);
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile Integer target;

    private SwitchableProxy(ServerSocket server) {
        this.server = server;
    }

    static SwitchableProxy start() throws IOException {
        var proxy = new SwitchableProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        daemon("proxy-accept", proxy::acceptAll);
        return proxy;
    }

    int port() {
        return server.getLocalPort();
    }

    /** Where new connections go; null refuses them. */
    void target(Integer port) {
        target = port;
    }

    void dropAll() {
        open.forEach(SwitchableProxy::closeQuietly);
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Integer port = target;
                if (port == null) {
                    client.close();
                    continue;
                }
                Socket upstream;
                try {
                    upstream = new Socket(InetAddress.getLoopbackAddress(), port);
                } catch (IOException nodeDown) {
                    client.close();
                    continue;
                }
                open.add(client);
                open.add(upstream);
                daemon("proxy-up", () -> pump(client, upstream));
                daemon("proxy-down", () -> pump(upstream, client));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** Copies until either side ends, then ends both. */
    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ended) {
            // One side closed or was dropped: the normal end of a proxied connection; the other side follows.
            LOG.debug("proxied connection ended: {}", ended.toString());
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
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
        dropAll();
    }
}
