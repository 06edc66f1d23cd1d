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
}
