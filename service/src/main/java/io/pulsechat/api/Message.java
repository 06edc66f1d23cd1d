package io.pulsechat.api;

import java.time.Instant;
import java.util.UUID;

public record Message(UUID id, UUID conversationId, long seq, UUID senderId, String clientMessageId, String body,
                      Instant createdAt, Instant editedAt, boolean deleted) {}
