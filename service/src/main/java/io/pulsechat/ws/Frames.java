package io.pulsechat.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulsechat.api.Conversation;
import io.pulsechat.api.Message;
import io.pulsechat.core.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Server-to-client frames. A message is encoded once and shared by every frame that carries it. */
public class Frames {
    private record Ready(String type, UUID userId, String sessionId) {}

    private record Synced(String type, UUID conversationId, long lastSeq, boolean hasMore) {}

    private record Typing(String type, UUID conversationId, UUID userId) {}
    private record Read(String type, UUID conversationId, UUID userId, long seq) {}
    private record PresenceFrame(String type, UUID userId, boolean online) {}
    private record MessageFrame(String type, Message message) {}
    private record ConversationFrame(String type, Conversation conversation) {}

    private final ObjectMapper json;

    public Frames(ObjectMapper json) {
        this.json = json;
    }

    public String encode(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    public String receiveMessage(String messageJson) {
        return "{\"type\":\"receive-message\",\"message\":" + messageJson + "}";
    }

    public String ack(String clientMessageId, String messageJson) {
        return "{\"type\":\"ack\",\"clientMessageId\":" + encode(clientMessageId) + ",\"message\":" + messageJson + "}";
    }

    public String receiveMessage(Message message) {
        return receiveMessage(encode(message));
    }

    public String ready(UUID userId, String sessionId) {
        return encode(new Ready("ready", userId, sessionId));
    }

    public String synced(UUID conversationId, long lastSeq, boolean hasMore) {
        return encode(new Synced("synced", conversationId, lastSeq, hasMore));
    }

    public String typing(UUID conversationId, UUID userId) {
        return encode(new Typing("typing", conversationId, userId));
    }

    public String read(UUID conversationId, UUID userId, long seq) {
        return encode(new Read("read", conversationId, userId, seq));
    }

    public String presence(UUID userId, boolean online) {
        return encode(new PresenceFrame("presence", userId, online));
    }

    /** `message-deleted` for a tombstone, `message-updated` for an edit. */
    public String messageChanged(Message message) {
        return encode(new MessageFrame(message.deleted() ? "message-deleted" : "message-updated", message));
    }

    public String conversationUpdated(Conversation conversation) {
        return encode(new ConversationFrame("conversation-updated", conversation));
    }

    public String pong() {
        return "{\"type\":\"pong\"}";
    }

    public String error(ErrorCode code, String message, String clientMessageId) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "error");
        frame.put("code", code.wire());
        frame.put("message", message);
        if (clientMessageId != null) {
            frame.put("clientMessageId", clientMessageId);
        }
        return encode(frame);
    }
}
