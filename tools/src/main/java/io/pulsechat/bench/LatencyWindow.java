package io.pulsechat.bench;

import org.HdrHistogram.Histogram;

/**
 * Send->receive latency of the messages scheduled in one window of a step (`bench --windows`).
 * {@code streamSeconds} is when the window starts, counted from the step's first scheduled send;
 * {@code sinceStartSeconds} the same instant counted from `--since-epoch` (the start of the node
 * process under test), or null without it.
 */
record LatencyWindow(int index, double streamSeconds, Double sinceStartSeconds, long count, double p50, double p99,
                     double max) {
    static LatencyWindow of(int index, double streamSeconds, Double sinceStartSeconds, Histogram micros) {
        Latency latency = Latency.of(micros);
        return new LatencyWindow(index, streamSeconds, sinceStartSeconds, latency.count(), latency.p50(), latency.p99(),
                latency.max());
    }
}
