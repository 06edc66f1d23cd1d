package io.pulsechat.api;

import java.time.Instant;
import java.util.UUID;

/** The signed-in user's own profile: the only shape that carries an email. */
public record User(UUID id, String name, String email, String image, String color, Instant createdAt) {}
