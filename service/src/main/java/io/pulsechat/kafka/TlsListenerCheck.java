package io.pulsechat.kafka;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Refuses a plain-text Kafka client (PLAINTEXT, SASL_PLAINTEXT) for a broker that speaks TLS. The
 * Kafka client reads the broker's TLS alert as the size of a response and allocates it: hundreds of
 * megabytes, an OutOfMemoryError in the node (KAFKA-4090). Asked in plain text first, a TLS listener
 * answers with a TLS record, which this recognises before any Kafka client exists.
 */
final class TlsListenerCheck {
    /** An ApiVersions request, version 0, correlation id 1, no client id: the first thing a Kafka client says. */
    private static final byte[] API_VERSIONS = {0, 0, 0, 10, 0, 18, 0, 0, 0, 0, 0, 1, -1, -1};
    private static final int TLS_ALERT = 0x15;
    private static final int TLS_HANDSHAKE = 0x16;

    private TlsListenerCheck() {}

    /** Throws when the first reachable bootstrap server answers a plain-text request in TLS. */
    static void refuseTlsListener(String bootstrapServers, String protocol, int timeoutMillis) {
        for (String server : bootstrapServers.split(",")) {
            String hostPort = server.strip();
            int colon = hostPort.lastIndexOf(':');
            if (colon < 0) {
                continue;
            }
            var address = new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
            Boolean tls = speaksTls(address, timeoutMillis);
            if (tls == null) {
                continue;
            }
            if (tls) {
                throw new IllegalStateException("Kafka at " + hostPort + " speaks TLS, but kafka.security.protocol is "
                        + protocol + ": set KAFKA_SECURITY_PROTOCOL to SASL_SSL or SSL");
            }
            return;
        }
    }

    /** True when it answered in TLS, false when in Kafka's protocol, null when it could not tell. */
    private static Boolean speaksTls(InetSocketAddress address, int timeoutMillis) {
        try (var socket = new Socket()) {
            socket.connect(address, timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            socket.getOutputStream().write(API_VERSIONS);
            socket.getOutputStream().flush();
            var in = new DataInputStream(socket.getInputStream());
            int first = in.read();
            int second = in.read();
            if (first < 0 || second < 0) {
                return null;
            }
            return (first == TLS_ALERT || first == TLS_HANDSHAKE) && second == 0x03;
        } catch (IOException | RuntimeException unreachable) {
            // Down or slow: the clients and the health check report that on their own.
            return null;
        }
    }
}
