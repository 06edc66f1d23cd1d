package io.pulsechat.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OncePerMinuteTest {
    private final AtomicLong now = new AtomicLong(5_000_000);
    private final OncePerMinute warnings = new OncePerMinute(now::get);

    @Test
    void eachKindPassesOnceAMinute() {
        assertThat(warnings.pass("postgres")).isTrue();
        assertThat(warnings.pass("postgres")).isFalse();
        assertThat(warnings.pass("kafka")).as("another kind").isTrue();
        now.addAndGet(OncePerMinute.WINDOW_MS - 1);
        assertThat(warnings.pass("postgres")).isFalse();
        now.addAndGet(1);
        assertThat(warnings.pass("postgres")).isTrue();
        assertThat(warnings.pass("kafka")).isTrue();
        assertThat(warnings.pass("kafka")).isFalse();
    }
}
