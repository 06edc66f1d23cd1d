package io.pulsechat.core;

import com.codahale.metrics.Meter;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The single entry of a message into the pipeline, for WebSocket and REST alike: checks the sender
 * and the content, then appends it to the log. The caller hears of the stored message later, as an
 * event; the future here only says whether the log took it.
 */
public class MessageService {
    private final Memberships memberships;
    private final MessageLog log;
    private final RateLimiter<UUID> sendLimiter;
    private final MessageSettings settings;
    private final String nodeId;
    private final Meter received;
    private final Interest interest;

    /** Per conversation, the newest send not yet handed to the log; removed once it is. */
    private final Map<UUID, CompletableFuture<Void>> handing = new ConcurrentHashMap<>();

    public MessageService(Memberships memberships, MessageLog log, RateLimiter<UUID> sendLimiter,
                          MessageSettings settings, String nodeId, Meter received, Interest interest) {
        this.interest = interest;
        this.memberships = memberships;
        this.log = log;
        this.sendLimiter = sendLimiter;
        this.settings = settings;
        this.nodeId = nodeId;
        this.received = received;
    }

    /** Throws {@link ChatException} for a send that must be refused; the future fails with `unavailable`. */
    public CompletableFuture<Void> send(UUID senderId, UUID conversationId, String clientMessageId, String body,
                                        String originSession) {
        checkClientMessageId(clientMessageId);
        checkBody(body);
        if (!memberships.isMember(conversationId, senderId)) {
            throw ChatException.notFound("conversation");
        }
        if (!sendLimiter.tryAcquire(senderId)) {
            throw new ChatException(ErrorCode.RATE_LIMITED, "too many messages; slow down");
        }
        received.mark();
        var command = new MessageCommand(conversationId, senderId, clientMessageId, body, nodeId, originSession,
                System.currentTimeMillis());
        // The ack or refusal comes back on the conversation's topic: this node hears it before the message
        // can be stored (at once when a session here already holds it).
        CompletableFuture<Void> heard = interest.touch(Topic.conversation(conversationId));
        return inOrder(conversationId, heard, command).exceptionally(e -> {
            throw ChatException.ofFailedSend(e);
        });
    }

    /**
     * Hands the sends of a conversation to the log in the order they were made. Waiting to hear the
     * conversation, a send may be held while the next one finds it heard already: appended at once, the
     * later one was stored first (seen in CI: "burst 3" before "burst 2" from one Socket.IO socket). So
     * each send is appended only once the one before it in the same conversation has been handed over.
     */
    private CompletableFuture<Void> inOrder(UUID conversationId, CompletableFuture<Void> heard, MessageCommand command) {
        var handedOver = new CompletableFuture<Void>();
        CompletableFuture<Void> previous = handing.put(conversationId, handedOver);
        CompletableFuture<Void> ready = previous == null ? heard : CompletableFuture.allOf(previous, heard);
        return ready.handle((ok, failure) -> {
            try {
                return failure == null ? log.append(command) : CompletableFuture.<Void>failedFuture(failure);
            } finally {
                handedOver.complete(null);
                handing.remove(conversationId, handedOver);
            }
        }).thenCompose(appended -> appended);
    }

    void checkClientMessageId(String clientMessageId) {
        if (clientMessageId == null || clientMessageId.isEmpty()) {
            throw ChatException.badRequest("clientMessageId is required");
        }
        if (clientMessageId.length() > settings.getMaxClientMessageIdLength()) {
            throw ChatException.badRequest("clientMessageId is longer than " + settings.getMaxClientMessageIdLength());
        }
        if (TextRules.hasControlCharacters(clientMessageId)) {
            throw ChatException.badRequest("clientMessageId contains control characters");
        }
    }

    /** The rules for a message body, for sends and edits alike. */
    public void checkBody(String body) {
        if (body == null || body.isBlank()) {
            throw ChatException.badRequest("body must not be empty");
        }
        if (body.codePointCount(0, body.length()) > settings.getMaxBodyLength()) {
            throw new ChatException(ErrorCode.TOO_LARGE, "body is longer than " + settings.getMaxBodyLength() + " characters");
        }
        if (!TextRules.isStorable(body)) {
            throw ChatException.badRequest("body contains a NUL character or a lone surrogate");
        }
    }
}
