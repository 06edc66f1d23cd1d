package io.pulsechat.api;

import jakarta.validation.constraints.NotNull;

/** `PATCH /api/messages/{id}`; the body is checked by the same rules as a send. */
public record EditMessageRequest(@NotNull String body) {}
