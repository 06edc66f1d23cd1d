package io.pulsechat.api;

import java.util.UUID;

/** What anyone may see of a user: never the email. */
public record PublicUser(UUID id, String name, String image, String color, boolean online) {}
