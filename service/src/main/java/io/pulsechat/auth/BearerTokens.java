package io.pulsechat.auth;

import java.util.Optional;

/** Reads a JWT given as `Authorization: Bearer <token>`, for the surfaces that authenticate outside Jersey's filter. */
public final class BearerTokens {
    private static final String SCHEME = "Bearer ";

    private BearerTokens() {}

    /** The token of a header of the Bearer scheme; empty for no header or another scheme. */
    public static Optional<String> fromHeader(String header) {
        return header != null && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                ? Optional.of(header.substring(SCHEME.length()).trim())
                : Optional.empty();
    }

    /** A token that may come with the scheme or without it (Socket.IO clients send either). */
    public static String withoutScheme(String token) {
        return fromHeader(token).orElse(token);
    }
}
