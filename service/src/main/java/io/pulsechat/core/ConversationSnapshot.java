package io.pulsechat.core;

import io.pulsechat.api.Conversation;
import java.util.Map;
import java.util.UUID;

/** A conversation with its members, and each member's own unread count: what its members are told when it changes. */
public record ConversationSnapshot(Conversation conversation, Map<UUID, Long> unreadCounts) {}
