package io.pulsechat.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OutageLogTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final OutageLog log = new OutageLog("redis", now::get);

    @Test
    void anOutageIsOneLineWhenItStartsAndOneWhenItEnds() {
        assertThat(log.failed("connection refused")).isEqualTo("redis is unavailable: connection refused");
        now.addAndGet(2_000);
        assertThat(log.failed("read timed out")).as("another text, same outage").isNull();
        assertThat(log.failed("connection refused")).isNull();
        now.addAndGet(3_000);

        assertThat(log.recovered()).isEqualTo("redis is available again after 5 s");
        assertThat(log.recovered()).as("already up").isNull();
        assertThat(log.isDown()).isFalse();
    }

    @Test
    void aLongOutageIsRepeatedOnceAMinute() {
        log.failed("connection refused");
        now.addAndGet(OutageLog.REPEAT_MS - 1);
        assertThat(log.failed("connection refused")).isNull();
        now.addAndGet(1);
        assertThat(log.failed("read timed out")).isEqualTo("redis is still unavailable, for 60 s: read timed out");
        now.addAndGet(1_000);
        assertThat(log.failed("read timed out")).isNull();
        assertThat(log.isDown()).isTrue();
    }

    @Test
    void aFailureJustAfterTheEndIsTheSameOutageWaitingOutItsDeadlineNotANewOne() {
        OutageLog.Source publisher = log.source("publisher");
        publisher.failed("read timed out");
        log.recovered();
        now.addAndGet(OutageLog.LATE_FAILURE_MS - 1);

        assertThat(publisher.failed("read timed out")).isNull();
        assertThat(log.isDown()).isFalse();
        now.addAndGet(1);
        assertThat(publisher.failed("read timed out")).as("still failing: a new outage")
                .isEqualTo("redis is unavailable: read timed out (publisher)");
    }

    @Test
    void theNextOutageIsNewsAtOnce() {
        log.failed("connection refused");
        log.recovered();
        now.addAndGet(OutageLog.LATE_FAILURE_MS);

        assertThat(log.failed("connection refused")).isEqualTo("redis is unavailable: connection refused");
    }

    @Test
    void partsOfTheNodeShareOneOutageThatEndsWhenEveryFailedPartIsBackOrTheHealthCheckPasses() {
        OutageLog.Source subscription = log.source("subscription");
        OutageLog.Source presence = log.source("presence");

        assertThat(subscription.failed("read timed out")).isEqualTo("redis is unavailable: read timed out (subscription)");
        assertThat(presence.failed("connection refused")).as("the same outage, seen elsewhere").isNull();
        assertThat(log.failed("connection refused")).as("and by the health check").isNull();
        now.addAndGet(2_000);
        assertThat(subscription.recovered()).as("presence still fails").isNull();
        assertThat(log.isDown()).isTrue();
        assertThat(log.recovered()).as("the health check covers every part").isEqualTo("redis is available again after 2 s");
        assertThat(presence.recovered()).isNull();

        now.addAndGet(OutageLog.LATE_FAILURE_MS);
        subscription.failed("read timed out");
        now.addAndGet(1_000);
        assertThat(subscription.recovered()).as("the only part that failed").isEqualTo("redis is available again after 1 s");
    }
}
