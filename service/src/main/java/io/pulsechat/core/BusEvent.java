package io.pulsechat.core;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.pulsechat.api.Conversation;
import io.pulsechat.api.Message;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What nodes tell each other over Redis pub/sub. Each event goes out on the topics {@link EventRoutes}
 * gives it, so only the nodes that need a topic receive it; each hands it to its own sessions of the
 * listed users. The node that publishes decides who those are.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = BusEvent.MessagesStored.class, name = "messages-stored"),
        @JsonSubTypes.Type(value = BusEvent.MessageChanged.class, name = "message-changed"),
        @JsonSubTypes.Type(value = BusEvent.Typing.class, name = "typing"),
        @JsonSubTypes.Type(value = BusEvent.ReadUpTo.class, name = "read"),
        @JsonSubTypes.Type(value = BusEvent.PresenceChanged.class, name = "presence"),
        @JsonSubTypes.Type(value = BusEvent.ConversationUpdated.class, name = "conversation-updated"),
        @JsonSubTypes.Type(value = BusEvent.MissedSince.class, name = "missed-since"),
})
public sealed interface BusEvent {
    /** One consumer batch after its commit, in seq order per conversation. */
    record MessagesStored(List<PersistedMessage> persisted, List<RejectedMessage> rejected) implements BusEvent {}

    /** An edit or a delete; `deleted` tells which, the message is its current state. */
    record MessageChanged(Message message, List<UUID> recipients) implements BusEvent {}

    record Typing(UUID conversationId, UUID userId, List<UUID> recipients) implements BusEvent {}

    record ReadUpTo(UUID conversationId, UUID userId, long seq, List<UUID> recipients) implements BusEvent {}

    /** A user's first session (on any node) opened, or the last one closed or expired; told to friends. */
    record PresenceChanged(UUID userId, boolean online, List<UUID> recipients) implements BusEvent {}

    /**
     * A conversation was created, renamed or its members changed. Every node forgets what it knew of
     * the conversation's members before delivering. Each current member gets the conversation with
     * its own unread count; each removed user gets it once more without members, and nothing after.
     * The members who just joined (all of them when it was created) hear it on their own topic, since
     * their nodes do not hear the conversation's yet; on the conversation's topic they are left out.
     */
    record ConversationUpdated(Conversation conversation, Map<UUID, Long> unreadCounts, List<UUID> removed,
                               List<UUID> joined) implements BusEvent {
        public ConversationUpdated {
            joined = joined == null ? List.of() : joined;
        }
    }

    /**
     * Events published since this time (epoch milliseconds) may never have gone out: every node
     * delivers the messages stored since then again, from PostgreSQL.
     */
    record MissedSince(long sinceMillis) implements BusEvent {}
}
