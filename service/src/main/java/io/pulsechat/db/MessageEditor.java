package io.pulsechat.db;

import io.pulsechat.api.Message;
import io.pulsechat.core.BusEvent;
import io.pulsechat.core.ChatException;
import io.pulsechat.core.Events;
import io.pulsechat.core.Memberships;
import io.pulsechat.core.MessageService;
import java.util.List;
import java.util.UUID;

/**
 * Edits and deletes by the author. Who may see the message is decided first, so that others learn
 * nothing of it: a non-member gets 404, a member who is not the author 403.
 */
public class MessageEditor {
    private final MessageDao messages;
    private final Memberships memberships;
    private final MessageService rules;
    private final Events events;

    public MessageEditor(MessageDao messages, Memberships memberships, MessageService rules, Events events) {
        this.messages = messages;
        this.memberships = memberships;
        this.rules = rules;
        this.events = events;
    }

    /** A deleted message cannot be edited: 409, since its members still see it as a tombstone. */
    public Message edit(UUID editor, UUID messageId, String body) {
        requireAuthor(editor, messageId, "edit");
        rules.checkBody(body);
        Message edited = messages.edit(messageId, editor, body)
                .orElseThrow(() -> ChatException.conflict("the message was deleted"));
        announce(edited);
        return edited;
    }

    /** Deleting twice is fine: the second time changes nothing and tells nobody. */
    public void delete(UUID deleter, UUID messageId) {
        requireAuthor(deleter, messageId, "delete");
        messages.delete(messageId, deleter).ifPresent(this::announce);
    }

    private void requireAuthor(UUID userId, UUID messageId, String what) {
        Message message = messages.findById(messageId)
                .filter(m -> memberships.isMember(m.conversationId(), userId))
                .orElseThrow(() -> ChatException.notFound("message"));
        if (!message.senderId().equals(userId)) {
            throw ChatException.forbidden("only the author may " + what + " a message");
        }
    }

    private void announce(Message message) {
        List<UUID> members = List.copyOf(memberships.memberIds(message.conversationId()));
        events.publishCommitted(new BusEvent.MessageChanged(message, members));
    }
}
