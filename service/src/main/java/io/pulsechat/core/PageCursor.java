package io.pulsechat.core;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * A keyset position: the sort key of the last item a page gave, and its id to break ties. Opaque to
 * clients (base64url), so its layout may change without breaking them.
 */
public record PageCursor(String key, UUID id) {
    private static final char SEPARATOR = '|';

    public static PageCursor at(Instant time, UUID id) {
        return new PageCursor(Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, time)), id);
    }

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((key + SEPARATOR + id).getBytes(StandardCharsets.UTF_8));
    }

    /** Throws `bad_request` for anything this class did not make. */
    public static PageCursor decode(String text) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            // The key may itself hold the separator (a name); the id never does.
            int split = plain.lastIndexOf(SEPARATOR);
            if (split < 0) {
                throw ChatException.badRequest("invalid cursor");
            }
            return new PageCursor(plain.substring(0, split), UUID.fromString(plain.substring(split + 1)));
        } catch (IllegalArgumentException e) {
            throw ChatException.badRequest("invalid cursor");
        }
    }

    /** The key as a time, for cursors made by {@link #at}; PostgreSQL keeps microseconds. */
    public Instant time() {
        try {
            return Instant.EPOCH.plus(Long.parseLong(key), ChronoUnit.MICROS);
        } catch (NumberFormatException | ArithmeticException | java.time.DateTimeException e) {
            throw ChatException.badRequest("invalid cursor");
        }
    }
}
