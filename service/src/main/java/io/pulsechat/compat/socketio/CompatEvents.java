package io.pulsechat.compat.socketio;

import io.pulsechat.health.UnavailableLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulsechat.core.ChatException;
import io.pulsechat.core.ErrorCode;
import io.pulsechat.core.Memberships;
import io.pulsechat.core.MessageService;
import io.pulsechat.core.RateLimiter;
import io.pulsechat.db.ConversationDao;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The frontend's events: `JOIN` (acked), `LEAVE`, `MESSAGE`. Each runs on its socket's executor. A
 * change of rooms is saved for recovery before it is acked: the frontend never JOINs again by itself.
 */
final class CompatEvents {
    private final ObjectMapper json;
    private final Rooms rooms;
    private static final Logger LOG = LoggerFactory.getLogger(CompatEvents.class);
    private final UnavailableLog failures = new UnavailableLog(LOG, "Socket.IO events");
    private final Memberships memberships;
    private final MessageService messages;
    private final RateLimiter<String> addressLimiter;
    private final ConversationDao conversations;
    private final int floodStrikes;
    private final RecoveryStore recovery;

    CompatEvents(ObjectMapper json, Rooms rooms, Memberships memberships, MessageService messages,
                 RateLimiter<String> addressLimiter, ConversationDao conversations, int floodStrikes, RecoveryStore recovery) {
        this.json = json;
        this.rooms = rooms;
        this.memberships = memberships;
        this.messages = messages;
        this.addressLimiter = addressLimiter;
        this.conversations = conversations;
        this.floodStrikes = floodStrikes;
        this.recovery = recovery;
    }

    /** `data` is the EVENT's array: the name, then the arguments. Unknown events are ignored, as Socket.IO does. */
    void handle(CompatSocket socket, JsonNode data, Long ackId) {
        if (data == null || !data.isArray() || !data.path(0).isTextual()) {
            return;
        }
        JsonNode argument = data.path(1);
        try {
            switch (data.get(0).asText()) {
                case "JOIN" -> join(socket, argument, ackId);
                case "LEAVE" -> leave(socket, argument, ackId);
                case "MESSAGE" -> message(socket, argument);
                default -> { }
            }
        } catch (RuntimeException e) {
            dependencyFailed(socket, argument, ackId, e);
        }
    }

    /** As on /ws: the socket stays open and hears `unavailable`, without the failure's text; one log line a minute per kind. */
    private void dependencyFailed(CompatSocket socket, JsonNode argument, Long ackId, RuntimeException e) {
        failures.failed(e);
        if (ackId != null) {
            socket.ack(ackId, json.createObjectNode().put("error", ErrorCode.UNAVAILABLE.wire()));
        } else {
            refuse(socket, new ChatException(ErrorCode.UNAVAILABLE, "temporarily unavailable; retry"),
                    argument.path("room").asText(""));
        }
    }

    private void join(CompatSocket socket, JsonNode argument, Long ackId) {
        Optional<UUID> room = uuid(argument.path("room"));
        if (room.isEmpty() || !memberships.isMember(room.get(), socket.userId())) {
            socket.ack(ackId, json.createObjectNode().put("error", ErrorCode.NOT_FOUND.wire()));
            return;
        }
        if (socket.position(room.get()) == null) {
            // In the room and heard first, then read where it stands: a message stored in between comes live.
            rooms.awaitHeard(List.of(rooms.join(socket, room.get())));
            socket.join(room.get(), lastSeq(room.get()));
            recovery.saveOrRetryLater(socket);
        }
        socket.ack(ackId);
    }

    private void leave(CompatSocket socket, JsonNode argument, Long ackId) {
        uuid(argument.path("room")).ifPresent(room -> {
            socket.leave(room);
            rooms.leave(socket, room);
            recovery.saveOrRetryLater(socket);
        });
        socket.ack(ackId);
    }

    private void message(CompatSocket socket, JsonNode argument) {
        String room = argument.path("room").asText("");
        try {
            UUID conversationId = uuid(argument.path("room")).orElseThrow(() -> ChatException.badRequest("room must be a conversation id"));
            JsonNode body = argument.path("message").path("body");
            if (!body.isTextual()) {
                throw ChatException.badRequest("message.body is required (a string)");
            }
            if (!addressLimiter.tryAcquire(socket.address())) {
                throw new ChatException(ErrorCode.RATE_LIMITED, "too many messages from this address; slow down");
            }
            String clientMessageId = "sio-" + UUID.randomUUID();
            messages.send(socket.userId(), conversationId, clientMessageId, body.asText(), socket.sid())
                    .whenComplete((ok, failure) -> {
                        if (failure != null) {
                            socket.executor().execute(() -> refuse(socket, ChatException.ofFailedSend(failure), room));
                        }
                    });
            socket.clearStrikes();
        } catch (ChatException e) {
            refuse(socket, e, room);
        }
    }

    private void refuse(CompatSocket socket, ChatException e, String room) {
        socket.emit("ERROR", json.createObjectNode().put("code", e.code().wire()).put("message", e.getMessage())
                .put("room", room), null);
        if (e.code() == ErrorCode.RATE_LIMITED && socket.strike(floodStrikes)) {
            socket.close();
        }
    }

    private long lastSeq(UUID room) {
        return conversations.lastSeq(room).orElse(0L);
    }

    private static Optional<UUID> uuid(JsonNode value) {
        try {
            return value.isTextual() ? Optional.of(UUID.fromString(value.asText())) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
