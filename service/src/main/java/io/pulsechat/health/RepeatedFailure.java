package io.pulsechat.health;

import java.util.function.LongSupplier;

/**
 * Decides whether a loop that retries a dependency should log this failure: the first one, one with
 * a different reason, or the same one again after {@link #REPEAT_MS}. A wrong password or an untrusted
 * certificate fails every attempt the same way; the log says so once, not every few seconds.
 */
public final class RepeatedFailure {
    static final long REPEAT_MS = 60_000;

    private final LongSupplier clock;
    private String lastReason = "";
    private long lastLoggedAt;

    public RepeatedFailure() {
        this(System::currentTimeMillis);
    }

    RepeatedFailure(LongSupplier clock) {
        this.clock = clock;
    }

    /** True when a failure for this reason should be logged now. */
    public synchronized boolean shouldLog(String reason) {
        long now = clock.getAsLong();
        if (reason.equals(lastReason) && now - lastLoggedAt < REPEAT_MS) {
            return false;
        }
        lastReason = reason;
        lastLoggedAt = now;
        return true;
    }

    /** The dependency works again: its next failure is news. */
    public synchronized void clear() {
        lastReason = "";
    }
}
