package io.pulsechat.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.LongSupplier;

/** A token bucket per key (a user, an address): `rate` a second, up to `burst` at once. */
public class RateLimiter<K> {
    private final double ratePerNano;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Cache<K, Bucket> buckets;

    public RateLimiter(double perSecond, int burst, LongSupplier nanoClock) {
        this.ratePerNano = perSecond / 1e9;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).build();
    }

    public boolean tryAcquire(K key) {
        return buckets.get(key, k -> new Bucket()).tryTake(nanoClock.getAsLong());
    }

    private final class Bucket {
        private double tokens = burst;
        private long refilledAt = nanoClock.getAsLong();

        synchronized boolean tryTake(long now) {
            tokens = Math.min(burst, tokens + (now - refilledAt) * ratePerNano);
            refilledAt = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
