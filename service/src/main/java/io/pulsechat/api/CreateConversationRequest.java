package io.pulsechat.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

public record CreateConversationRequest(@NotNull @Size(min = 1, max = 500) List<@NotNull UUID> memberIds,
                                        @Size(max = 100) @StorableText String name,
                                        @NotNull Boolean isGroup) {}
