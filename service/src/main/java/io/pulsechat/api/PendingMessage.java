package io.pulsechat.api;

/** The answer to `POST /api/messages` when the message was accepted but not yet stored within the wait. */
public record PendingMessage(String clientMessageId, String status) {
    public static PendingMessage of(String clientMessageId) {
        return new PendingMessage(clientMessageId, "pending");
    }
}
