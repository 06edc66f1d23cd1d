package io.pulsechat.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RateLimiter<String> limiter = new RateLimiter<>(10, 5, now::get);

    @Test
    void allowsTheBurstThenTheRate() {
        long allowed = IntStream.range(0, 20).filter(i -> limiter.tryAcquire("ann")).count();
        assertThat(allowed).isEqualTo(5);

        now.addAndGet(500_000_000L);
        long afterHalfASecond = IntStream.range(0, 20).filter(i -> limiter.tryAcquire("ann")).count();
        assertThat(afterHalfASecond).isEqualTo(5);
    }

    @Test
    void keysHaveTheirOwnBuckets() {
        IntStream.range(0, 5).forEach(i -> limiter.tryAcquire("ann"));
        assertThat(limiter.tryAcquire("ann")).isFalse();
        assertThat(limiter.tryAcquire("bob")).isTrue();
    }
}
