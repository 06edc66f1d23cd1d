package io.pulsechat.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final CountDownLatch STOPPED = new CountDownLatch(0);

    @Test
    void doublesUpToItsCeilingAndStartsOverAfterASuccess() throws InterruptedException {
        var backoff = Backoff.doubling(Duration.ofMillis(50), Duration.ofMillis(300));

        assertThat(waits(backoff, 5)).containsExactly(50L, 100L, 200L, 300L, 300L);
        backoff.reset();
        assertThat(backoff.nextMillis()).isEqualTo(50);
    }

    @Test
    void anImmediateFirstAttemptThenWaitsAndDoubles() throws InterruptedException {
        var backoff = Backoff.immediateThenDoubling(Duration.ofMillis(100), Duration.ofMillis(250));

        assertThat(waits(backoff, 4)).containsExactly(0L, 100L, 200L, 250L);
        backoff.reset();
        assertThat(backoff.nextMillis()).isZero();
    }

    @Test
    void aPauseEndsAtOnceWhenTheOwnerIsStopping() throws InterruptedException {
        var backoff = Backoff.doubling(Duration.ofMinutes(10), Duration.ofMinutes(10));

        assertThat(backoff.pause(STOPPED)).isTrue();
    }

    @Test
    void aPauseThatRunsItsCourseSaysToGoOn() throws InterruptedException {
        var backoff = Backoff.immediateThenDoubling(Duration.ofMillis(1), Duration.ofMillis(1));

        assertThat(backoff.pause(new CountDownLatch(1))).isFalse();
    }

    /** The delays of {@code count} pauses, read before each (the latch is open, so none of them waits). */
    private static List<Long> waits(Backoff backoff, int count) throws InterruptedException {
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            waits.add(backoff.nextMillis());
            backoff.pause(STOPPED);
        }
        return waits;
    }
}
