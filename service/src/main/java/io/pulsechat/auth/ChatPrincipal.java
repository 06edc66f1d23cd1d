package io.pulsechat.auth;

import java.security.Principal;
import java.util.UUID;

/** The authenticated user of a request or WebSocket session. */
public record ChatPrincipal(UUID userId) implements Principal {
    @Override
    public String getName() {
        return userId.toString();
    }
}
