package io.pulsechat.ws;

import static io.pulsechat.ws.FrameFields.frame;
import static io.pulsechat.ws.FrameFields.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulsechat.api.Message;
import io.pulsechat.core.ChatException;
import io.pulsechat.core.ErrorCode;
import io.pulsechat.core.Memberships;
import io.pulsechat.core.MessageService;
import io.pulsechat.core.PageRows;
import io.pulsechat.core.RateLimiter;
import io.pulsechat.core.ReadReceipts;
import io.pulsechat.core.TypingNotices;
import io.pulsechat.db.MessageDao;
import io.pulsechat.health.UnavailableLog;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads client frames and answers them. A bad frame gets an `error` frame; the session stays open. */
public class FrameHandler {
    private static final Logger LOG = LoggerFactory.getLogger(FrameHandler.class);
    private static final int DEFAULT_SYNC_LIMIT = 100;

    private final ObjectMapper json;
    private final Frames frames;
    private final MessageService messages;
    private final Memberships memberships;
    private final MessageDao history;
    private final TypingNotices typing;
    private final ReadReceipts reads;
    private final RateLimiter<UUID> readLimiter;
    private final Executor queries;
    private final WebSocketSettings settings;
    private final RateLimiter<String> addressLimiter;
    private final UnavailableLog frameFailures = new UnavailableLog(LOG, "frames");
    private final UnavailableLog syncFailures = new UnavailableLog(LOG, "syncs");
    private final SessionInterests interests;

    public FrameHandler(ObjectMapper json, Frames frames, MessageService messages, Memberships memberships,
                        MessageDao history, TypingNotices typing, ReadReceipts reads, Executor queries,
                        WebSocketSettings settings, RateLimiter<String> addressLimiter, SessionInterests interests) {
        this.json = json;
        this.interests = interests;
        this.frames = frames;
        this.messages = messages;
        this.memberships = memberships;
        this.history = history;
        this.typing = typing;
        this.reads = reads;
        this.readLimiter = new RateLimiter<>(settings.getReadsPerSecond(), settings.getReadBurst(), System::nanoTime);
        this.queries = queries;
        this.settings = settings;
        this.addressLimiter = addressLimiter;
    }

    void handle(ChatSession session, String text) {
        String clientMessageId = null;
        try {
            JsonNode tree = parse(json, text);
            clientMessageId = tree.path("clientMessageId").isTextual() ? tree.get("clientMessageId").asText() : null;
            ClientFrame frame = frame(json, tree);
            if (frame instanceof ClientFrame.SendMessage send) {
                sendMessage(session, send);
            } else if (frame instanceof ClientFrame.Sync sync) {
                sync(session, sync);
            } else if (frame instanceof ClientFrame.Typing typing) {
                typing(session, typing);
            } else if (frame instanceof ClientFrame.Read read) {
                read(session, read);
            } else if (frame instanceof ClientFrame.Ping) {
                session.send(frames.pong());
            }
        } catch (ChatException e) {
            refuse(session, e, clientMessageId);
        } catch (RuntimeException e) {
            // A dependency failed under the frame (PostgreSQL behind the membership cache): the session stays open.
            dependencyFailed(session, e, clientMessageId);
        }
    }

    /** `unavailable` to the client, without the failure's text; one line a minute per kind in the log. */
    private void dependencyFailed(ChatSession session, RuntimeException e, String clientMessageId) {
        frameFailures.failed(e);
        refuse(session, new ChatException(ErrorCode.UNAVAILABLE, "temporarily unavailable; retry"), clientMessageId);
    }

    private void sendMessage(ChatSession session, ClientFrame.SendMessage send) {
        limitAddress(session);
        messages.send(session.userId(), send.conversationId(), send.clientMessageId(), send.body(), session.id())
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        refuse(session, ChatException.ofFailedSend(failure), send.clientMessageId());
                    }
                });
        session.clearStrikes();
    }

    private void sync(ChatSession session, ClientFrame.Sync sync) {
        UUID conversationId = sync.conversationId();
        long afterSeq = sync.afterSeq();
        if (!memberships.isMember(conversationId, session.userId())) {
            throw ChatException.notFound("conversation");
        }
        int pageSize = sync.limit() == null ? DEFAULT_SYNC_LIMIT : Math.min(sync.limit(), settings.getMaxSyncLimit());
        // Live messages are held back from here; history is read only once this node hears the
        // conversation, so every message after the last one read comes live: no gap after `synced`.
        session.beginSync(conversationId);
        interests.heard(session.userId(), conversationId).thenRunAsync(() -> {
            List<Message> rows;
            try {
                rows = history.after(conversationId, afterSeq, PageRows.toRead(pageSize));
            } catch (RuntimeException e) {
                syncFailures.failed(e);
                session.endSync(conversationId, List.of(), frames.error(ErrorCode.UNAVAILABLE, "history is unavailable; retry", null),
                        Long.MAX_VALUE, true);
                return;
            }
            PageRows<Message> page = PageRows.of(rows, pageSize);
            List<Message> items = page.items();
            long lastSeq = items.isEmpty() ? afterSeq : items.get(items.size() - 1).seq();
            session.endSync(conversationId, items.stream().map(frames::receiveMessage).toList(),
                    frames.synced(conversationId, lastSeq, page.hasMore()), lastSeq, page.hasMore());
        }, queries);
    }

    /** Sends and typing notices of all users behind one address share its allowance. */
    private void limitAddress(ChatSession session) {
        if (!addressLimiter.tryAcquire(session.address())) {
            throw new ChatException(ErrorCode.RATE_LIMITED, "too many frames from this address; slow down");
        }
    }

    /** Redis and PostgreSQL are off the Jetty thread; a refusal still comes back as an `error` frame. */
    private void typing(ChatSession session, ClientFrame.Typing frame) {
        limitAddress(session);
        queries.execute(() -> answering(session, () -> typing.typing(session.userId(), frame.conversationId())));
    }

    private void read(ChatSession session, ClientFrame.Read frame) {
        if (!readLimiter.tryAcquire(session.userId())) {
            throw new ChatException(ErrorCode.RATE_LIMITED, "too many read frames; slow down");
        }
        queries.execute(() -> answering(session, () -> reads.markRead(session.userId(), frame.conversationId(), frame.seq())));
    }

    /** Like an accepted send, an accepted frame ends a run of refusals: only flooding in a row closes. */
    private void answering(ChatSession session, Runnable action) {
        try {
            action.run();
            session.clearStrikes();
        } catch (ChatException e) {
            refuse(session, e, null);
        } catch (RuntimeException e) {
            dependencyFailed(session, e, null);
        }
    }

    private void refuse(ChatSession session, ChatException e, String clientMessageId) {
        session.send(frames.error(e.code(), e.getMessage(), clientMessageId));
        if (e.code() == ErrorCode.RATE_LIMITED && session.strike(settings.getFloodStrikes())) {
            session.close(StatusCode.POLICY_VIOLATION, "flooding");
        }
    }
}
