package io.pulsechat.core;

import java.util.UUID;

/**
 * What a bus event is about, and so which nodes hear it: the nodes with a session that needs the topic.
 * A conversation's topic carries its messages, edits, typing and reads; a user's topic carries what
 * is addressed to that user alone (presence of friends, being added to or removed from a conversation).
 * {@link #NODES} reaches every node.
 */
public record Topic(Kind kind, UUID id) {
    public enum Kind { CONVERSATION, USER, NODES }

    public static final Topic NODES = new Topic(Kind.NODES, null);

    public static Topic conversation(UUID conversationId) {
        return new Topic(Kind.CONVERSATION, conversationId);
    }

    public static Topic user(UUID userId) {
        return new Topic(Kind.USER, userId);
    }

    public boolean isConversation() {
        return kind == Kind.CONVERSATION;
    }

    public boolean isUser() {
        return kind == Kind.USER;
    }
}
