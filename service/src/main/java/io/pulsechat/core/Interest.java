package io.pulsechat.core;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * Which topics this node hears from the bus. A topic is heard while something here needs it: a session
 * of the user or of a member, a Socket.IO room, a send waiting for its ack.
 *
 * <p>Every future completes once the topic's events reach this node, so that whatever is read from
 * PostgreSQL after it misses nothing that comes later; or, while the bus is unreachable, at once: the
 * node then catches up on what was stored meanwhile when it hears the bus again. None fails.
 */
public interface Interest {
    /** Hears each topic until it is {@link #release}d as many times as it was held. */
    CompletableFuture<Void> hold(Collection<Topic> topics);

    void release(Collection<Topic> topics);

    /** Hears the topic for a while without holding it: a send, until its ack or refusal comes back. */
    CompletableFuture<Void> touch(Topic topic);

}
