package io.pulsechat.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the services and nodes a test starts. Taken below the kernel's ephemeral range: a port
 * the kernel hands out (`new ServerSocket(0)`) can be taken by any outgoing connection on a busy
 * machine between our check and the service's bind, and a load test elsewhere makes tens of
 * thousands of those.
 */
public final class FreePorts {
    private static final int LOWEST = 10_000;

    private FreePorts() {}

    public static int pick() {
        int ceiling = Math.max(LOWEST + 1000, ephemeralLow());
        IOException last = null;
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, ceiling);
            try (var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException inUse) {
                last = inUse;
            }
        }
        throw new IllegalStateException("no free port between " + LOWEST + " and " + ceiling, last);
    }

    private static int ephemeralLow() {
        try {
            return Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+")[0]);
        } catch (IOException | NumberFormatException notLinux) {
            // No /proc (not Linux): Linux's and the IANA range both start at or above this.
            return 32768;
        }
    }
}
