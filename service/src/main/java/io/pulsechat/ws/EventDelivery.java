package io.pulsechat.ws;

import io.pulsechat.api.Conversation;
import io.pulsechat.core.BusEvent;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Hands every event but stored messages to this node's sessions of the users it names: typing, read,
 * presence, edits and deletes, and conversation changes.
 */
class EventDelivery {
    private final Frames frames;
    private final SessionRegistry sessions;

    EventDelivery(Frames frames, SessionRegistry sessions) {
        this.frames = frames;
        this.sessions = sessions;
    }

    void deliver(BusEvent event) {
        if (event instanceof BusEvent.Typing t) {
            toUsers(t.recipients(), () -> frames.typing(t.conversationId(), t.userId()));
        } else if (event instanceof BusEvent.ReadUpTo r) {
            toUsers(r.recipients(), () -> frames.read(r.conversationId(), r.userId(), r.seq()));
        } else if (event instanceof BusEvent.PresenceChanged p) {
            toUsers(p.recipients(), () -> frames.presence(p.userId(), p.online()));
        } else if (event instanceof BusEvent.MessageChanged m) {
            toUsers(m.recipients(), () -> frames.messageChanged(m.message()));
        } else if (event instanceof BusEvent.ConversationUpdated c) {
            conversationUpdated(c);
        }
    }

    /** Encodes the frame only if one of the users has a session here: most events concern other nodes. */
    private void toUsers(Collection<UUID> users, Supplier<String> frame) {
        TextFrame encoded = null;
        for (UUID user : users) {
            for (ChatSession session : sessions.sessionsOf(user)) {
                if (encoded == null) {
                    encoded = TextFrame.of(frame.get());
                }
                session.send(encoded);
            }
        }
    }

    /**
     * The dispatcher has made the member cache forget the conversation already. Those who just joined
     * are left out: {@link SessionInterests} tells them once this node hears the conversation.
     */
    private void conversationUpdated(BusEvent.ConversationUpdated event) {
        Conversation conversation = event.conversation();
        event.unreadCounts().forEach((user, unread) -> {
            if (event.joined().contains(user)) {
                return;
            }
            Set<ChatSession> local = sessions.sessionsOf(user);
            if (!local.isEmpty()) {
                TextFrame frame = TextFrame.of(frames.conversationUpdated(conversation.withUnreadCount(unread)));
                local.forEach(session -> session.send(frame));
            }
        });
        if (!event.removed().isEmpty()) {
            toUsers(event.removed(), () -> frames.conversationUpdated(conversation.asSeenByRemoved()));
        }
    }
}
