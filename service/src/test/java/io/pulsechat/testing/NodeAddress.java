package io.pulsechat.testing;

import java.net.URI;

/** Where a node answers: in this JVM ({@link TestNode}) or in its own process ({@link NodeProcess}). */
public interface NodeAddress {
    URI http(String path);

    URI admin(String path);

    /** The WebSocket URI with an optional query string. */
    URI ws(String query);
}
