package io.pulsechat.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulsechat.api.Message;
import io.pulsechat.core.BusEvent;
import io.pulsechat.core.Events;
import io.pulsechat.core.PersistedMessage;
import io.pulsechat.db.MessageStore;

/**
 * Tells every node what a batch stored (and refused), so that they deliver it and acknowledge the
 * senders. The messages are committed already: a failed publish is logged, and clients recover
 * what they missed with `sync` while a retried send re-acks.
 */
class StoredMessagesPublisher {
    private final Events events;
    private final ObjectMapper json;

    StoredMessagesPublisher(Events events, ObjectMapper json) {
        this.events = events;
        this.json = json;
    }

    void publish(MessageStore.Result result) {
        if (result.stored().isEmpty() && result.rejected().isEmpty()) {
            return;
        }
        events.publishCommitted(new BusEvent.MessagesStored(result.stored().stream().map(this::toEvent).toList(),
                result.rejected()));
    }

    private PersistedMessage toEvent(MessageStore.Stored stored) {
        Message m = stored.message();
        try {
            return new PersistedMessage(m.conversationId(), m.seq(), m.senderId(), m.clientMessageId(),
                    json.writeValueAsString(m), stored.memberIds(), stored.originNode(), stored.originSession(),
                    stored.receivedAtMillis());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode message " + m.id(), e);
        }
    }
}
