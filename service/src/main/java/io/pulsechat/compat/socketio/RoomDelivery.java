package io.pulsechat.compat.socketio;

import com.codahale.metrics.Meter;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulsechat.api.Message;
import io.pulsechat.bus.BusListener;
import io.pulsechat.core.BusEvent;
import io.pulsechat.compat.FrontendMessages;
import io.pulsechat.core.PersistedMessage;
import io.pulsechat.core.RejectedMessage;
import io.pulsechat.core.Topic;
import io.pulsechat.db.MessageDao;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits each stored message as `MESSAGE` to this node's sockets in its room, the sender's included.
 * A socket gets a room's messages in seq order, each once: older seqs are dropped, and a gap (an
 * event lost on the bus, a recovery) is filled from the messages table first. Such a catch-up pauses
 * while the client has half its queue of packets to take, and goes on when it has taken them, so a
 * long replay over long-polling never overflows the queue. Deletions go to the room as `MESSAGE_DELETED`.
 */
final class RoomDelivery implements BusListener {
    private static final Logger LOG = LoggerFactory.getLogger(RoomDelivery.class);
    private static final int PAGE = 200;

    private final Rooms rooms;
    private final MessageDao history;
    private final FrontendMessages view;
    private final ObjectMapper json;
    private final String nodeId;
    private final Meter delivered;

    RoomDelivery(Rooms rooms, MessageDao history, FrontendMessages view, ObjectMapper json, String nodeId, Meter delivered) {
        this.rooms = rooms;
        this.history = history;
        this.view = view;
        this.json = json;
        this.nodeId = nodeId;
        this.delivered = delivered;
    }

    @Override
    public void stored(List<PersistedMessage> messages) {
        messages.forEach(this::stored);
    }

    private void stored(PersistedMessage persisted) {
        Set<CompatSocket> sockets = rooms.in(persisted.conversationId());
        if (sockets.isEmpty()) {
            return;
        }
        Message message = persisted.decode(json);
        // A socket stays in a room after its user left the conversation; the stored member list decides.
        Set<UUID> members = new HashSet<>(persisted.memberIds());
        for (CompatSocket socket : sockets) {
            if (members.contains(socket.userId())) {
                socket.executor().execute(() -> deliver(socket, message));
            }
        }
    }

    @Override
    public void rejected(RejectedMessage rejected) {
        if (!nodeId.equals(rejected.originNode()) || rejected.originSession() == null) {
            return;
        }
        CompatSocket socket = rooms.bySid(rejected.originSession());
        if (socket != null) {
            socket.executor().execute(() -> socket.emit("ERROR", json.createObjectNode()
                    .put("code", rejected.code())
                    .put("message", rejected.reason())
                    .put("room", rejected.conversationId().toString()), null));
        }
    }

    @Override
    public void event(Topic topic, BusEvent event) {
        if (event instanceof BusEvent.MessageChanged change) {
            changed(change);
        }
    }

    private void changed(BusEvent.MessageChanged change) {
        Message message = change.message();
        if (!message.deleted()) {
            return;
        }
        var payload = json.createObjectNode().put("id", message.id().toString())
                .put("chatId", message.conversationId().toString());
        Set<UUID> members = new HashSet<>(change.recipients());
        for (CompatSocket socket : rooms.in(message.conversationId())) {
            if (members.contains(socket.userId())) {
                socket.executor().execute(() -> socket.emit("MESSAGE_DELETED", payload, null));
            }
        }
    }

    /** Runs on the socket's executor. */
    void deliver(CompatSocket socket, Message message) {
        UUID room = message.conversationId();
        Long position = socket.position(room);
        if (position == null || message.seq() <= position || socket.overflowed() || socket.isBehind(room)) {
            // A paused catch-up brings it from the table later.
            return;
        }
        if (message.seq() > position + 1) {
            catchUp(socket, room, message.seq() - 1);
            if (socket.isBehind(room)) {
                return;
            }
        }
        emit(socket, message);
    }

    /** Runs on the socket's executor: emits the room's stored messages after its position, up to `upTo`. */
    void catchUp(CompatSocket socket, UUID room, long upTo) {
        while (socket.position(room) != null && socket.position(room) < upTo) {
            List<Message> page;
            try {
                page = history.after(room, socket.position(room), PAGE);
            } catch (RuntimeException e) {
                LOG.warn("catching up socket {} in {} failed: {}", socket.sid(), room, e.toString());
                return;
            }
            for (Message message : page) {
                if (message.seq() > upTo || socket.overflowed()) {
                    return;
                }
                if (socket.congested()) {
                    socket.pause(room);
                    return;
                }
                if (!emit(socket, message)) {
                    return;
                }
            }
            if (page.size() < PAGE) {
                return;
            }
        }
    }

    private boolean emit(CompatSocket socket, Message message) {
        if (message.deleted()) {
            socket.skip(message.conversationId(), message.seq());
            return true;
        }
        boolean sent = socket.emitInRoom("MESSAGE", view.toFrontend(message), message.conversationId(), message.seq());
        if (sent) {
            delivered.mark();
        }
        return sent;
    }
}
