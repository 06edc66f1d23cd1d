package io.pulsechat.core;

import java.util.UUID;

/** A send that the store refused (the sender left, the conversation is gone), told to its session. */
public record RejectedMessage(UUID conversationId, UUID senderId, String clientMessageId, String code, String reason,
                              String originNode, String originSession) {}
