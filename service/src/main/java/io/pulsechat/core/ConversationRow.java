package io.pulsechat.core;

import java.time.Instant;
import java.util.UUID;

/** A conversation as stored, with the reader's own last-read seq and unread count. */
public record ConversationRow(UUID id, String name, boolean isGroup, String image, Instant createdAt,
                              Instant lastMessageAt, long lastSeq, long unreadCount) {}
