package io.pulsechat.core;

import io.pulsechat.api.Message;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Edits and deletes by the author. Who may see the message is decided first, so that others learn
 * nothing of it: a non-member gets 404, a member who is not the author 403.
 */
public class MessageEditor {
    /** The messages table's part in it (PostgreSQL, in `db`): each change is one conditional statement. */
    public interface Revisions {
        Optional<Message> findById(UUID id);

        /** Only the author edits, and only a message that is not deleted; empty otherwise. */
        Optional<Message> edit(UUID id, UUID senderId, String body);

        /** Only the author deletes, once; empty otherwise. */
        Optional<Message> delete(UUID id, UUID senderId);
    }

    private final Revisions messages;
    private final Memberships memberships;
    private final MessageService rules;
    private final Events events;

    public MessageEditor(Revisions messages, Memberships memberships, MessageService rules, Events events) {
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
