package io.pulsechat.core;

/** The error codes of `error` frames, with the HTTP status that the same failure gets on REST. */
public enum ErrorCode {
    BAD_REQUEST("bad_request", 400),
    FORBIDDEN("forbidden", 403),
    NOT_FOUND("not_found", 404),
    /** REST only: the request clashes with the current state (a duplicate, a deleted message). */
    CONFLICT("conflict", 409),
    TOO_LARGE("too_large", 413),
    RATE_LIMITED("rate_limited", 429),
    UNAVAILABLE("unavailable", 503);

    private final String wire;
    private final int httpStatus;

    ErrorCode(String wire, int httpStatus) {
        this.wire = wire;
        this.httpStatus = httpStatus;
    }

    public String wire() { return wire; }
    public int httpStatus() { return httpStatus; }
}
