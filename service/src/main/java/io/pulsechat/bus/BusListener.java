package io.pulsechat.bus;

import io.pulsechat.core.BusEvent;
import io.pulsechat.core.PersistedMessage;
import io.pulsechat.core.RejectedMessage;
import io.pulsechat.core.Topic;
import java.util.List;

/**
 * One of this node's receivers of bus events: the /ws sessions, the REST requests waiting for their
 * message, the Socket.IO rooms. Every method runs on the subscriber's thread, so it must hand off
 * rather than block; what a listener does not care about it leaves to the defaults.
 */
public interface BusListener {
    /** Stored messages in seq order per conversation: one bus event, or a catch-up read from PostgreSQL. */
    default void stored(List<PersistedMessage> messages) {}

    /** A send the store refused. */
    default void rejected(RejectedMessage rejected) {}

    /**
     * Every other event: edits and deletes, typing, read, presence, conversation changes, with the
     * topic it came on (each copy of an event carries its topic's part, see EventRoutes).
     */
    default void event(Topic topic, BusEvent event) {}
}
