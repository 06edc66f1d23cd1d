package io.pulsechat.health;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Lets a warning of each kind through at most once a minute: an outage fails every frame of every
 * session the same way, and one line a minute says so as well as a thousand.
 */
public final class OncePerMinute {
    static final long WINDOW_MS = 60_000;
    private static final int MAX_KINDS = 1_000;

    private final Map<String, Long> lastPassed = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    public OncePerMinute() {
        this(System::currentTimeMillis);
    }

    OncePerMinute(LongSupplier clock) {
        this.clock = clock;
    }

    /** True when a warning of this kind should be logged now. */
    public boolean pass(String kind) {
        long now = clock.getAsLong();
        if (lastPassed.size() > MAX_KINDS) {
            lastPassed.clear();
        }
        boolean[] passed = {false};
        lastPassed.compute(kind, (k, last) -> {
            if (last == null || now - last >= WINDOW_MS) {
                passed[0] = true;
                return now;
            }
            return last;
        });
        return passed[0];
    }
}
