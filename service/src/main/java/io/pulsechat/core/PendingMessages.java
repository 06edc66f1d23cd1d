package io.pulsechat.core;

import io.pulsechat.api.Message;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** REST sends waiting on this node for their message to be stored. */
public class PendingMessages {
    private record Key(UUID senderId, String clientMessageId) {}

    private final Map<Key, CompletableFuture<Message>> waiting = new ConcurrentHashMap<>();

    public CompletableFuture<Message> register(UUID senderId, String clientMessageId) {
        var key = new Key(senderId, clientMessageId);
        CompletableFuture<Message> future = waiting.computeIfAbsent(key, k -> new CompletableFuture<>());
        future.whenComplete((m, e) -> waiting.remove(key, future));
        return future;
    }

    /** A stored message; decoded only when a request on this node waits for it. */
    public void stored(UUID senderId, String clientMessageId, Supplier<Message> message) {
        var future = waiting.get(new Key(senderId, clientMessageId));
        if (future != null) {
            future.complete(message.get());
        }
    }

    public void rejected(RejectedMessage rejected) {
        var future = waiting.get(new Key(rejected.senderId(), rejected.clientMessageId()));
        if (future != null) {
            future.completeExceptionally(new ChatException(ErrorCode.NOT_FOUND, rejected.reason()));
        }
    }
}
