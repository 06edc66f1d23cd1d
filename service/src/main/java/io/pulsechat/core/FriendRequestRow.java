package io.pulsechat.core;

import java.time.Instant;
import java.util.UUID;

/** A stored friend request with both people's profiles, flat as the query reads it. */
public record FriendRequestRow(UUID id, String status, Instant createdAt,
                               UUID senderId, String senderName, String senderImage, String senderColor,
                               UUID receiverId, String receiverName, String receiverImage, String receiverColor) {
    public Profile sender() {
        return new Profile(senderId, senderName, senderImage, senderColor);
    }

    public Profile receiver() {
        return new Profile(receiverId, receiverName, receiverImage, receiverColor);
    }
}
