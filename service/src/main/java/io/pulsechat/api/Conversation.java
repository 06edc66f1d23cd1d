package io.pulsechat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record Conversation(UUID id, String name, boolean isGroup, String image, Instant createdAt,
                           Instant lastMessageAt, long lastSeq, long unreadCount,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Message lastMessage,
                           @JsonInclude(JsonInclude.Include.NON_NULL) List<Member> members) {
    public record Member(PublicUser user, String role, long lastReadSeq) {}

    public Conversation withUnreadCount(long count) {
        return new Conversation(id, name, isGroup, image, createdAt, lastMessageAt, lastSeq, count, lastMessage, members);
    }

    /** What a removed member last hears of it: no members (they are not among them), no messages. */
    public Conversation asSeenByRemoved() {
        return new Conversation(id, name, isGroup, image, createdAt, lastMessageAt, lastSeq, 0, null, List.of());
    }
}
