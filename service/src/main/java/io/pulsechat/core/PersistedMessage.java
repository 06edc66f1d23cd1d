package io.pulsechat.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulsechat.api.Message;
import java.io.IOException;
import java.util.List;
import java.util.UUID;

/**
 * A stored message on its way to every node: where it belongs, who may see it, which session sent
 * it, and the message itself as JSON, encoded once by the node that stored it so that no node
 * decodes and re-encodes it to write it into frames.
 */
public record PersistedMessage(UUID conversationId, long seq, UUID senderId, String clientMessageId,
                               String messageJson, List<UUID> memberIds, String originNode, String originSession,
                               long receivedAtMillis) {
    /** The message itself, for the few receivers that need more than its JSON. */
    public Message decode(ObjectMapper json) {
        try {
            return json.readValue(messageJson, Message.class);
        } catch (IOException e) {
            throw new IllegalStateException("a stored message this node cannot read", e);
        }
    }
}
