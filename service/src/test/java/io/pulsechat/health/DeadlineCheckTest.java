package io.pulsechat.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.health.HealthCheck.Result;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeadlineCheckTest {
    @Test
    void aStuckCheckFailsAtItsDeadlineAndLaterPollsWaitForTheSameRun() throws Exception {
        var release = new CountDownLatch(1);
        var runs = new AtomicInteger();
        var check = new DeadlineCheck("stuck", () -> {
            runs.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Result.healthy();
        }, 100);

        long started = System.nanoTime();
        var stuck = check.start();
        Result first = check.await(stuck, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100));
        Result second = check.await(check.start(), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100));

        assertThat(first.isHealthy()).isFalse();
        assertThat(first.getMessage()).isEqualTo("no answer within 100 ms");
        assertThat(second.isHealthy()).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(2_000);
        assertThat(runs.get()).as("one run in flight, not one per poll").isEqualTo(1);

        release.countDown();
        stuck.get(5, TimeUnit.SECONDS);
        assertThat(check.await(check.start(), System.nanoTime() + TimeUnit.SECONDS.toNanos(5)).isHealthy()).isTrue();
        assertThat(runs.get()).as("a new run once the stuck one ended").isEqualTo(2);
    }
}
