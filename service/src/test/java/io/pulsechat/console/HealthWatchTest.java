package io.pulsechat.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HealthWatchTest {

    @Test
    void theDeadlockCheckRunsOnceAMinuteWhileTheDependencyChecksRunEveryRefresh() {
        var registry = new HealthCheckRegistry();
        AtomicInteger deadlockRuns = new AtomicInteger();
        AtomicInteger postgresRuns = new AtomicInteger();
        registry.register(HealthWatch.DEADLOCKS, counting(deadlockRuns));
        registry.register("postgres", counting(postgresRuns));
        var watch = new HealthWatch(registry, 2000);

        for (int i = 0; i < 5; i++) {
            watch.refresh();
        }

        assertThat(postgresRuns).hasValue(5);
        assertThat(deadlockRuns).as("a safepoint for every thread: not every second").hasValue(1);
        assertThat(watch.latest()).containsOnlyKeys(HealthWatch.DEADLOCKS, "postgres");
        assertThat(watch.latest().get(HealthWatch.DEADLOCKS).healthy()).isTrue();
    }

    private static HealthCheck counting(AtomicInteger runs) {
        return new HealthCheck() {
            @Override
            protected Result check() {
                runs.incrementAndGet();
                return Result.healthy();
            }
        };
    }
}
