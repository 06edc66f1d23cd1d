package io.pulsechat.ws;

import static io.pulsechat.ws.FrameFields.naturalOrMinusOne;
import static io.pulsechat.ws.FrameFields.requiredText;
import static io.pulsechat.ws.FrameFields.requiredUuid;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import io.pulsechat.core.ChatException;
import java.util.UUID;

/**
 * What a client sends on `/ws`, one JSON object a frame, told apart by its `type`. Each frame reads
 * its own fields strictly (a number is no string, "5" is no number; Jackson's default coercions would
 * accept both), checking them in a fixed order so that a bad frame always gets the same `bad_request`.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ClientFrame.SendMessage.class, name = "send-message"),
        @JsonSubTypes.Type(value = ClientFrame.Sync.class, name = "sync"),
        @JsonSubTypes.Type(value = ClientFrame.Typing.class, name = "typing"),
        @JsonSubTypes.Type(value = ClientFrame.Read.class, name = "read"),
        @JsonSubTypes.Type(value = ClientFrame.Ping.class, name = "ping"),
})
public sealed interface ClientFrame {
    record SendMessage(UUID conversationId, String clientMessageId, String body) implements ClientFrame {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static SendMessage from(JsonNode frame) {
            return new SendMessage(requiredUuid(frame, "conversationId"), requiredText(frame, "clientMessageId"),
                    requiredText(frame, "body"));
        }
    }

    /** {@code limit} is null when the client left it to the server. */
    record Sync(UUID conversationId, long afterSeq, Integer limit) implements ClientFrame {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Sync from(JsonNode frame) {
            UUID conversationId = requiredUuid(frame, "conversationId");
            long afterSeq = naturalOrMinusOne(frame, "afterSeq");
            if (afterSeq < 0) {
                throw ChatException.badRequest("afterSeq must be a number >= 0");
            }
            Integer limit = null;
            if (frame.has("limit")) {
                if (!frame.get("limit").isIntegralNumber() || frame.get("limit").asInt() < 1) {
                    throw ChatException.badRequest("limit must be a number >= 1");
                }
                limit = frame.get("limit").asInt();
            }
            return new Sync(conversationId, afterSeq, limit);
        }
    }

    record Typing(UUID conversationId) implements ClientFrame {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Typing from(JsonNode frame) {
            return new Typing(requiredUuid(frame, "conversationId"));
        }
    }

    record Read(UUID conversationId, long seq) implements ClientFrame {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Read from(JsonNode frame) {
            UUID conversationId = requiredUuid(frame, "conversationId");
            long seq = naturalOrMinusOne(frame, "seq");
            if (seq < 0) {
                throw ChatException.badRequest("seq must be a number >= 0");
            }
            return new Read(conversationId, seq);
        }
    }

    record Ping() implements ClientFrame {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Ping from(JsonNode frame) {
            return new Ping();
        }
    }
}
