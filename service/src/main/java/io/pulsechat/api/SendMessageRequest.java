package io.pulsechat.api;

import jakarta.validation.constraints.NotNull;
import java.util.UUID;

/** `POST /api/messages`; lengths and content are checked by the pipeline, as for `send-message` frames. */
public record SendMessageRequest(@NotNull UUID conversationId, @NotNull String clientMessageId, @NotNull String body) {}
