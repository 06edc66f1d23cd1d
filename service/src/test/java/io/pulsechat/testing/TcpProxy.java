package io.pulsechat.testing;

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
 * A TCP proxy of the tests' own, for the failures of a network that sits between two processes:
 * <ul>
 *   <li>a load balancer in front of the nodes: new connections go to the current {@link #target}
 *       (refused while there is none), and {@link #dropAll()} drops the open ones;</li>
 *   <li>a network that fails without telling anyone (Toxiproxy's `timeout` toxic): {@link #silence()}
 *       stops carrying bytes both ways while every socket stays open, and {@link #closeUpstream()} then
 *       closes the target's side, as a NAT or load balancer that forgot the connections does; the
 *       clients' sockets stay ESTABLISHED and hear nothing, ever. {@link #restore()} carries new
 *       connections again; the silenced ones stay silent.</li>
 * </ul>
 */
public final class TcpProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpProxy.class);

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
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private volatile Integer target;
    private volatile boolean silencing;

    private TcpProxy(ServerSocket server, Integer target) {
        this.server = server;
        this.target = target;
    }

    /** A proxy to {@code targetPort} on the loopback interface; {@code null} refuses connections until {@link #target} is set. */
    public static TcpProxy start(Integer targetPort) throws IOException {
        var proxy = new TcpProxy(new ServerSocket(0, 200, InetAddress.getLoopbackAddress()), targetPort);
        daemon("tcp-proxy-accept", proxy::acceptAll);
        return proxy;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Where new connections go; null refuses them. */
    public void target(Integer port) {
        target = port;
    }

    /** Closes every open connection, both sides, as a lost network does for its ends. */
    public void dropAll() {
        links.forEach(link -> {
            closeQuietly(link.client);
            closeQuietly(link.upstream);
        });
    }

    /** Stops carrying bytes, both ways, on every connection, open or new; nothing is closed. */
    public void silence() {
        silencing = true;
        links.forEach(link -> link.silent = true);
    }

    /** Closes the target's side of every silenced connection; the client side stays open and silent. */
    public void closeUpstream() {
        links.stream().filter(link -> link.silent).forEach(link -> closeQuietly(link.upstream));
    }

    /** New connections are carried again. */
    public void restore() {
        silencing = false;
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Integer port = target;
                Socket upstream;
                try {
                    if (port == null) {
                        throw new IOException("no target");
                    }
                    upstream = new Socket(InetAddress.getLoopbackAddress(), port);
                } catch (IOException targetDown) {
                    LOG.debug("refused a connection: {}", targetDown.toString());
                    client.close();
                    continue;
                }
                var link = new Link(client, upstream, silencing);
                links.add(link);
                daemon("tcp-proxy-up", () -> pump(link, client, upstream));
                daemon("tcp-proxy-down", () -> pump(link, upstream, client));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /**
     * Copies while the link carries bytes, and swallows them once it is silent. A carried connection
     * that ends ends both sides; a silenced one ends nothing: its client side must find out alone.
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
        dropAll();
    }
}
