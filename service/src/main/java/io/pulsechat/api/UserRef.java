package io.pulsechat.api;

import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/** A body naming one user: `POST /api/friend-requests`, `POST /api/conversations/{id}/members`. */
public record UserRef(@NotNull UUID userId) {}
