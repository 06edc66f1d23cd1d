package io.pulsechat.core;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** A refusal the client should hear about: bad input, no access, too much, or a dependency down. */
public class ChatException extends RuntimeException {
    private final ErrorCode code;

    public ChatException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() { return code; }

    public static ChatException notFound(String what) {
        return new ChatException(ErrorCode.NOT_FOUND, what + " not found");
    }

    public static ChatException badRequest(String message) {
        return new ChatException(ErrorCode.BAD_REQUEST, message);
    }

    public static ChatException forbidden(String message) {
        return new ChatException(ErrorCode.FORBIDDEN, message);
    }

    public static ChatException conflict(String message) {
        return new ChatException(ErrorCode.CONFLICT, message);
    }

    /**
     * What the client of a send that failed after it was accepted hears: the refusal the failure
     * carries (a future wraps it in a CompletionException or an ExecutionException), else
     * `unavailable`, which is safe to retry.
     */
    public static ChatException ofFailedSend(Throwable failure) {
        Throwable cause = (failure instanceof CompletionException || failure instanceof ExecutionException)
                && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof ChatException chat ? chat
                : new ChatException(ErrorCode.UNAVAILABLE, "the message could not be accepted; retry");
    }
}
