package io.pulsechat.core;

import io.pulsechat.api.PublicUser;
import java.util.UUID;

/** The public part of a stored user, before its presence is known. */
public record Profile(UUID id, String name, String image, String color) {
    public PublicUser toPublicUser(boolean online) {
        return new PublicUser(id, name, image, color, online);
    }
}
