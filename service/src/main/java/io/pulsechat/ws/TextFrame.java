package io.pulsechat.ws;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A text frame's payload, encoded to UTF-8 once. A frame that goes to many sessions (a group's message,
 * a presence change to every friend) is encoded once and each session's write reads its own view of
 * the same bytes, instead of each session encoding the same string again.
 */
public final class TextFrame {
    private final byte[] utf8;

    private TextFrame(byte[] utf8) {
        this.utf8 = utf8;
    }

    public static TextFrame of(String text) {
        return new TextFrame(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A read-only view for one write: writes never change the bytes, and each has its own position. */
    ByteBuffer payload() {
        return ByteBuffer.wrap(utf8).asReadOnlyBuffer();
    }

    @Override
    public String toString() {
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
