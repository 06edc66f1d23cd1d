package io.pulsechat.bench;

import java.util.List;
import java.util.Map;

/**
 * One rate step. Counts cover every message of the step (warm-up included); latencies, rates and CPU
 * cover the measured window after the warm-up. CPU is per message sent in the window, in µs.
 * {@code windows} (with `--windows`) splits the whole step, warm-up included, by scheduled time.
 */
record StepResult(int targetRate, double achievedRate, double deliveriesPerSecond, int sent, long acked,
                  long expectedReceives, long received, Map<String, Long> violations, Map<String, Long> errors,
                  List<String> examples, Latency sendToAck, Latency sendToReceive,
                  Map<String, Double> cpuMicrosPerMessage, Map<String, Double> cpuCores, boolean passed,
                  List<LatencyWindow> windows) {

    long violationTotal() {
        return violations.values().stream().mapToLong(Long::longValue).sum();
    }

    long errorTotal() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }
}
