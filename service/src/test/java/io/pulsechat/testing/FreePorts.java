package io.pulsechat.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one allocator of ports for the services and nodes a test JVM starts. A port is handed out at
 * most once per JVM, so two services of one stack can never be given the same port, and it is taken
 * below the kernel's ephemeral range: a port the kernel hands out (`new ServerSocket(0)`) can be
 * taken by any outgoing connection between our check and the service's bind. What can still take a
 * port between the check and the bind is a process outside this JVM; {@link NodeProcess} retries a
 * start that lost its port that way.
 */
public final class FreePorts {
    private static final int LOWEST = 10_000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Linux's default start of the ephemeral range, and the IANA one's is above it. */
    private static final int DEFAULT_EPHEMERAL_LOW = 32_768;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    public static int pick() {
        int ceiling = ephemeralLow();
        IOException last = null;
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, ceiling);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException inUse) {
                last = inUse;
            }
        }
        throw new IllegalStateException("no free port between " + LOWEST + " and " + ceiling, last);
    }

    /** The first port of the kernel's ephemeral range, never below {@link #LOWEST} + 1,000. */
    static int ephemeralLow() {
        try {
            // Not Files.readString: a /proc file reports size 0, and readString's first read then takes
            // one byte; the kernel answers the second read of this file with end-of-file, leaving "3".
            return Math.max(LOWEST + 1_000, parseRangeStart(Files.readAllLines(EPHEMERAL_RANGE).get(0)));
        } catch (IOException notLinux) {
            return DEFAULT_EPHEMERAL_LOW;
        }
    }

    /** The first number of "32768\t60999", as /proc/sys/net/ipv4/ip_local_port_range holds it. */
    static int parseRangeStart(String range) {
        String[] bounds = range.trim().split("\\s+");
        if (bounds.length != 2) {
            throw new IllegalStateException("not a port range: '" + range + "'");
        }
        return Integer.parseInt(bounds[0]);
    }
}
