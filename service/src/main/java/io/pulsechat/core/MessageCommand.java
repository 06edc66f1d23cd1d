package io.pulsechat.core;

import java.util.UUID;

/**
 * A validated send, as it travels through Kafka. The origin (node and session) lets the node that
 * took it acknowledge the right session once the message is stored.
 */
public record MessageCommand(UUID conversationId, UUID senderId, String clientMessageId, String body,
                             String originNode, String originSession, long receivedAtMillis) {}
