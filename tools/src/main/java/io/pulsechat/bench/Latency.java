package io.pulsechat.bench;

import org.HdrHistogram.Histogram;

/** Percentiles of one latency, in milliseconds. */
record Latency(long count, double p50, double p90, double p99, double p999, double max) {
    static Latency of(Histogram micros) {
        return new Latency(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(90)),
                ms(micros.getValueAtPercentile(99)), ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()));
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }
}
