package io.pulsechat.api;

import java.time.Instant;
import java.util.UUID;

public record FriendRequest(UUID id, PublicUser sender, PublicUser receiver, String status, Instant createdAt) {}
