package io.pulsechat.core;

import java.util.concurrent.CompletableFuture;

/** The durable, ordered log that sends are appended to before they are stored (Kafka). */
public interface MessageLog {
    CompletableFuture<Void> append(MessageCommand command);
}
