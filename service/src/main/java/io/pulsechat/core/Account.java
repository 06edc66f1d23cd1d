package io.pulsechat.core;

import io.pulsechat.api.PublicUser;
import io.pulsechat.api.User;
import java.time.Instant;
import java.util.UUID;

/** A stored user, with the password hash that never leaves the server. */
public record Account(UUID id, String name, String email, String passwordHash, String image, String color,
                      Instant createdAt) {
    public User toUser() {
        return new User(id, name, email, image, color, createdAt);
    }

    public PublicUser toPublicUser(boolean online) {
        return new PublicUser(id, name, image, color, online);
    }
}
