package io.pulsechat.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells every node about something that happened: the bus the nodes share (Redis pub/sub). */
public interface Events {
    Logger LOG = LoggerFactory.getLogger(Events.class);

    /** Throws when the bus is unreachable. */
    void publish(BusEvent event);

    /**
     * For news of a change that is already committed: the change stands whether or not the news goes
     * out, so a failure is logged rather than turned into an error for the caller. Clients catch up
     * by reading the conversation again; caches expire by themselves.
     */
    default void publishCommitted(BusEvent event) {
        try {
            publish(event);
        } catch (RuntimeException e) {
            LOG.warn("publishing {} failed: {}", event.getClass().getSimpleName(), e.toString());
        }
    }
}
