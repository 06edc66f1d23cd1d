package io.pulsechat.redis;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/** The channels a node's subscription holds; changed while it runs ({@link RedisSubscriber}). */
public interface Subscriptions {
    /** Completes once Redis confirmed every channel (at once while there is no subscription). */
    CompletableFuture<Void> subscribe(Collection<String> channels);

    void unsubscribe(Collection<String> channels);
}
