package io.pulsechat.health;

import org.slf4j.Logger;

/**
 * The log side of answering a request `unavailable` because a dependency failed under it: the client
 * hears no failure text, and the log has one line a minute per kind of failure, which says as much
 * during an outage as one line per request would.
 */
public final class UnavailableLog {
    private final Logger log;
    private final String requests;
    private final OncePerMinute warnings = new OncePerMinute();

    /** {@code requests}: what fails, in the plural, as the line begins ("frames", "Socket.IO events"). */
    public UnavailableLog(Logger log, String requests) {
        this.log = log;
        this.requests = requests;
    }

    public void failed(Throwable failure) {
        String kind = DependencyErrors.kind(failure);
        if (warnings.pass(kind)) {
            log.warn("{} fail with {}; answering them `unavailable` (this line repeats once a minute at most): {}",
                    requests, kind, DependencyErrors.describe(failure));
        }
    }
}
