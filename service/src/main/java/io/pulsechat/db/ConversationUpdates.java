package io.pulsechat.db;

import io.pulsechat.api.Conversation;
import io.pulsechat.core.BusEvent;
import io.pulsechat.core.ConversationRow;
import io.pulsechat.core.Events;
import io.pulsechat.core.Memberships;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells everyone affected that a conversation changed, once the change is committed. This node
 * forgets the members it knew at once; the others do when the event reaches them. The change stands
 * whether or not the news goes out, so a failure here is logged and never fails the request.
 */
public class ConversationUpdates {
    private static final Logger LOG = LoggerFactory.getLogger(ConversationUpdates.class);

    private final ConversationViews views;
    private final Memberships memberships;
    private final Events events;

    public ConversationUpdates(ConversationViews views, Memberships memberships, Events events) {
        this.views = views;
        this.memberships = memberships;
        this.events = events;
    }

    /** Created, renamed, or someone added: every member hears. */
    public void changed(UUID conversationId) {
        memberships.invalidate(conversationId);
        telling(conversationId, () -> views.snapshot(conversationId).ifPresent(s ->
                events.publish(new BusEvent.ConversationUpdated(s.conversation(), s.unreadCounts(), List.of()))));
    }

    /** Someone removed or left: the rest hear as usual, the removed user one last time. */
    public void removed(UUID conversationId, UUID userId, GroupAdmin.Removal removal) {
        memberships.invalidate(conversationId);
        telling(conversationId, () -> {
            Optional<ConversationViews.Snapshot> snapshot = removal.deleted() ? Optional.empty()
                    : views.snapshot(conversationId);
            Conversation conversation = snapshot.map(ConversationViews.Snapshot::conversation)
                    .orElseGet(() -> views.bare(removal.before()));
            Map<UUID, Long> unread = snapshot.map(ConversationViews.Snapshot::unreadCounts).orElse(Map.of());
            events.publish(new BusEvent.ConversationUpdated(conversation, unread, List.of(userId)));
        });
    }

    private static void telling(UUID conversationId, Runnable news) {
        try {
            news.run();
        } catch (RuntimeException e) {
            LOG.warn("telling members that conversation {} changed failed: {}", conversationId, e.toString());
        }
    }
}
