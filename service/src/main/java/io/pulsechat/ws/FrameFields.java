package io.pulsechat.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import io.pulsechat.core.ChatException;
import java.io.IOException;
import java.util.UUID;

/** Reads a client frame and its fields; anything malformed is the client's `bad_request`. */
final class FrameFields {
    private FrameFields() {}

    static JsonNode parse(ObjectMapper json, String text) {
        try {
            JsonNode node = json.readTree(text);
            if (node == null || !node.isObject()) {
                throw ChatException.badRequest("a frame must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw ChatException.badRequest("a frame must be a JSON object");
        }
    }

    /** The frame as its type's record; each record checks its own fields (see {@link ClientFrame}). */
    static ClientFrame frame(ObjectMapper json, JsonNode frame) {
        requiredText(frame, "type");
        ClientFrame read;
        try {
            read = json.treeToValue(frame, ClientFrame.class);
        } catch (InvalidTypeIdException e) {
            throw ChatException.badRequest("unknown frame type");
        } catch (JsonProcessingException e) {
            // A record's check refused a field: Jackson hands it on as the cause.
            throw e.getCause() instanceof ChatException refusal ? refusal
                    : ChatException.badRequest("the frame's fields cannot be read");
        }
        if (read == null) {
            throw ChatException.badRequest("unknown frame type");
        }
        return read;
    }

    static String requiredText(JsonNode frame, String field) {
        JsonNode value = frame.get(field);
        if (value == null || !value.isTextual()) {
            throw ChatException.badRequest(field + " is required (a string)");
        }
        return value.asText();
    }

    static UUID requiredUuid(JsonNode frame, String field) {
        try {
            return UUID.fromString(requiredText(frame, field));
        } catch (IllegalArgumentException e) {
            throw ChatException.badRequest(field + " must be a UUID");
        }
    }

    /** A whole number >= 0, or -1 when it is missing or anything else. */
    static long naturalOrMinusOne(JsonNode frame, String field) {
        JsonNode value = frame.get(field);
        return value != null && value.isIntegralNumber() && value.asLong() >= 0 ? value.asLong() : -1;
    }
}
