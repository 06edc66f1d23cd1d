package io.pulsechat.redis;

/**
 * The waits between a subscription's reconnection attempts: the first after a loss is immediate (a
 * dropped connection is usually all that went wrong), then 100 ms, doubling up to 250 ms. Short: an
 * attempt costs one connection, and every second deaf is a second of missed deliveries. Kept apart so
 * that one shared back-off rule can take its place.
 */
final class Backoff {
    private static final long FIRST_MS = 100;
    private static final long MAX_MS = 250;

    private long nextMillis;

    /** The wait before the next attempt; each call doubles the one after. */
    long next() {
        long wait = nextMillis;
        nextMillis = Math.min(Math.max(nextMillis * 2, FIRST_MS), MAX_MS);
        return wait;
    }

    /** A connection worked: the next loss retries at once. */
    void reset() {
        nextMillis = 0;
    }
}
