package io.pulsechat.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SamplerTest {
    private final MetricRegistry metrics = new MetricRegistry();
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final Sampler sampler = new Sampler(metrics, clock::get);

    @Test
    void theLatencyIsBlankBeforeAnythingIsDelivered() {
        metrics.timer("messages.latency");
        assertThat(next().latencyP99Ms()).isNull();
    }

    @Test
    void theLatencyGoesBlankOnceNothingWasDeliveredForTheWindowInsteadOfKeepingTheLastP99() {
        metrics.timer("messages.latency").update(57, TimeUnit.MILLISECONDS);
        assertThat(next().latencyP99Ms()).isEqualTo(57.0, org.assertj.core.data.Offset.offset(0.5));

        clock.addAndGet(Sampler.LATENCY_WINDOW_MS - 2);
        assertThat(next().latencyP99Ms()).as("still within the window").isNotNull();

        clock.addAndGet(1_000);
        Sample idle = next();
        assertThat(idle.latencyP99Ms()).as("p99 with nothing delivered for longer than the window").isNull();
        assertThat(idle.latencyP50Ms()).isNull();

        metrics.timer("messages.latency").update(3, TimeUnit.MILLISECONDS);
        assertThat(next().latencyP99Ms()).as("back as soon as something is measured").isNotNull();
    }

    private Sample next() {
        clock.addAndGet(1);
        return sampler.sample();
    }
}
