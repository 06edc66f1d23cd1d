package io.pulsechat.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls a condition until a deadline: for state that settles by itself (a health check, a consumer). */
public final class Eventually {
    private Eventually() {}

    public static <T> T value(Duration timeout, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + timeout + "; last: " + last);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            last = probe.get();
        }
        return last;
    }
}
