package io.pulsechat.health;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The wait between two attempts at a dependency that failed: it doubles after each pause, up to a
 * ceiling, and starts again from the first wait once an attempt succeeds. The pause ends early when
 * the owner is told to stop, so that stopping never waits out a back-off.
 */
public final class Backoff {
    private final long firstMillis;
    private final long thenMillis;
    private final long maxMillis;
    private long nextMillis;

    private Backoff(long firstMillis, long thenMillis, long maxMillis) {
        this.firstMillis = firstMillis;
        this.thenMillis = thenMillis;
        this.maxMillis = maxMillis;
        this.nextMillis = firstMillis;
    }

    /** Waits {@code first}, then twice as long each time, up to {@code max}. */
    public static Backoff doubling(Duration first, Duration max) {
        return new Backoff(first.toMillis(), first.toMillis(), max.toMillis());
    }

    /** Tries again at once (a dropped connection is usually all that went wrong), then waits {@code then}, doubling up to {@code max}. */
    public static Backoff immediateThenDoubling(Duration then, Duration max) {
        return new Backoff(0, then.toMillis(), max.toMillis());
    }

    /** Waits the current delay, or less if {@code stopped} opens meanwhile; true when it did (the caller should stop). */
    public boolean pause(CountDownLatch stopped) throws InterruptedException {
        long millis = nextMillis;
        nextMillis = Math.min(Math.max(nextMillis * 2, thenMillis), maxMillis);
        return stopped.await(millis, TimeUnit.MILLISECONDS);
    }

    /** After a success: the next failure waits the first delay again. */
    public void reset() {
        nextMillis = firstMillis;
    }

    /** What the next pause waits. */
    public long nextMillis() {
        return nextMillis;
    }
}
