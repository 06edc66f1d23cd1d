package io.pulsechat.ws;

import io.pulsechat.api.Conversation;
import io.pulsechat.bus.BusListener;
import io.pulsechat.core.BusEvent;
import io.pulsechat.core.Interest;
import io.pulsechat.core.Topic;
import io.pulsechat.health.DependencyErrors;
import io.pulsechat.health.OncePerMinute;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this node's /ws sessions need to hear: while a user has a session here, the user's own topic
 * and the topic of each conversation they are a member of. The list is read from PostgreSQL at the
 * user's first session here (again every second until it can be), and follows the user's
 * `conversation-updated` news: joining one subscribes to it, leaving one lets it go.
 *
 * <p>Whatever reaches a client after this node hears a topic misses nothing that comes later, so the
 * client is told only then: `ready` waits for {@link #opened}, the `conversation-updated` of a
 * conversation just joined waits for its topic, and a `sync` reads history only once its conversation
 * is heard ({@link #heard}). What was stored before is in history: the `sync` brings it.
 */
public class SessionInterests implements BusListener {
    private static final Logger LOG = LoggerFactory.getLogger(SessionInterests.class);
    private static final long RETRY_MILLIS = 1000;

    private static final class UserTopics {
        int sessions;
        final Set<UUID> conversations = new HashSet<>();
        /** Conversations joined whose topic is not heard yet. */
        final Map<UUID, CompletableFuture<Void>> joining = new HashMap<>();
        final CompletableFuture<Void> heard = new CompletableFuture<>();
    }

    private final Interest interest;
    private final Function<UUID, List<UUID>> conversationsOf;
    private final SessionRegistry sessions;
    private final Frames frames;
    private final Executor queries;
    private final OncePerMinute warnings = new OncePerMinute();
    /** Guarded by this. */
    private final Map<UUID, UserTopics> users = new HashMap<>();

    public SessionInterests(Interest interest, Function<UUID, List<UUID>> conversationsOf, SessionRegistry sessions,
                            Frames frames, Executor queries) {
        this.interest = interest;
        this.conversationsOf = conversationsOf;
        this.sessions = sessions;
        this.frames = frames;
        this.queries = queries;
    }

    /** A session of this user opened: completes once this node hears everything the user needs. */
    CompletableFuture<Void> opened(UUID userId) {
        UserTopics user;
        synchronized (this) {
            user = users.get(userId);
            if (user != null) {
                user.sessions++;
                return user.heard;
            }
            user = new UserTopics();
            user.sessions = 1;
            users.put(userId, user);
        }
        CompletableFuture<Void> own = interest.hold(List.of(Topic.user(userId)));
        load(userId, user, own);
        return user.heard;
    }

    /** A session of this user closed; the last one lets the user's topics go. */
    void closed(UUID userId) {
        List<Topic> topics = new ArrayList<>();
        synchronized (this) {
            UserTopics user = users.get(userId);
            if (user == null || --user.sessions > 0) {
                return;
            }
            users.remove(userId);
            topics.add(Topic.user(userId));
            user.conversations.forEach(c -> topics.add(Topic.conversation(c)));
        }
        interest.release(topics);
    }

    /** Completes once this node hears the conversation for this user: before it, history may miss what comes live. */
    synchronized CompletableFuture<Void> heard(UUID userId, UUID conversationId) {
        UserTopics user = users.get(userId);
        if (user == null) {
            return CompletableFuture.completedFuture(null);
        }
        return user.joining.getOrDefault(conversationId, user.heard);
    }

    private void load(UUID userId, UserTopics user, CompletableFuture<Void> own) {
        CompletableFuture.supplyAsync(() -> conversationsOf.apply(userId), queries).whenComplete((ids, failure) -> {
            if (failure != null) {
                retryLoad(userId, user, own, failure);
                return;
            }
            CompletableFuture<Void> conversations;
            synchronized (this) {
                if (users.get(userId) != user) {
                    return;
                }
                List<Topic> topics = new ArrayList<>();
                for (UUID id : ids) {
                    if (user.conversations.add(id)) {
                        topics.add(Topic.conversation(id));
                    }
                }
                conversations = interest.hold(topics);
            }
            CompletableFuture.allOf(own, conversations).thenRun(() -> user.heard.complete(null));
        });
    }

    private void retryLoad(UUID userId, UserTopics user, CompletableFuture<Void> own, Throwable failure) {
        if (warnings.pass(DependencyErrors.kind(failure))) {
            LOG.warn("reading the conversations of a user who connected failed ({}); retrying every second until it "
                    + "works (repeats once a minute at most)", DependencyErrors.describe(failure));
        }
        synchronized (this) {
            if (users.get(userId) != user) {
                return;
            }
        }
        CompletableFuture.runAsync(() -> load(userId, user, own),
                CompletableFuture.delayedExecutor(RETRY_MILLIS, TimeUnit.MILLISECONDS, queries));
    }

    /** The news on a user's own topic says whether they joined or left a conversation. */
    @Override
    public void event(Topic topic, BusEvent event) {
        if (!topic.isUser() || !(event instanceof BusEvent.ConversationUpdated updated)) {
            return;
        }
        if (updated.joined().contains(topic.id())) {
            joined(topic.id(), updated);
        } else if (updated.removed().contains(topic.id())) {
            left(topic.id(), updated.conversation().id());
        }
    }

    /** Tells the user's sessions once this node hears the conversation: every message after that comes live. */
    private void joined(UUID userId, BusEvent.ConversationUpdated updated) {
        UUID conversationId = updated.conversation().id();
        CompletableFuture<Void> heard;
        synchronized (this) {
            UserTopics user = users.get(userId);
            if (user == null) {
                return;
            }
            if (!user.conversations.add(conversationId)) {
                heard = user.joining.getOrDefault(conversationId, user.heard);
            } else {
                heard = interest.hold(List.of(Topic.conversation(conversationId)));
                if (!heard.isDone()) {
                    CompletableFuture<Void> pending = heard;
                    user.joining.put(conversationId, pending);
                    pending.thenRun(() -> heardJoined(user, conversationId, pending));
                }
            }
        }
        Conversation conversation = updated.conversation().withUnreadCount(updated.unreadCounts().getOrDefault(userId, 0L));
        heard.thenRun(() -> {
            TextFrame frame = TextFrame.of(frames.conversationUpdated(conversation));
            sessions.sessionsOf(userId).forEach(session -> session.send(frame));
        });
    }

    private synchronized void heardJoined(UserTopics user, UUID conversationId, CompletableFuture<Void> pending) {
        user.joining.remove(conversationId, pending);
    }

    private void left(UUID userId, UUID conversationId) {
        synchronized (this) {
            UserTopics user = users.get(userId);
            if (user == null || !user.conversations.remove(conversationId)) {
                return;
            }
        }
        interest.release(List.of(Topic.conversation(conversationId)));
    }
}
