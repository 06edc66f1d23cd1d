package io.pulsechat.bench;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One rate step. Counts cover every message of the step (warm-up included); latencies, rates and CPU
 * cover the measured window after the warm-up. CPU is per message sent in the window, in µs; so are the
 * heap bytes each node allocated ({@code allocatedBytesPerMessage}, empty without admin URLs).
 * {@code windows} (with `--window-ms`) splits the whole step, warm-up included, by scheduled time.
 * A rate run several times (`--repeat`) is one step: counts, violations and errors summed over the
 * repetitions, latencies, CPU and windows from the worst one (highest p99 send->receive), each
 * repetition's summary in {@code repetitions}, and passed only when every repetition passed.
 */
record StepResult(int targetRate, double achievedRate, double deliveriesPerSecond, int sent, long acked,
                  long expectedReceives, long received, Map<String, Long> violations, Map<String, Long> errors,
                  List<String> examples, Latency sendToAck, Latency sendToReceive,
                  Map<String, Double> cpuMicrosPerMessage, Map<String, Double> cpuCores, boolean passed,
                  List<LatencyWindow> windows, List<Repetition> repetitions, Map<String, Double> allocatedBytesPerMessage) {

    /**
     * What one run of a rate showed: its send->receive percentiles, and over the windows of its measured
     * part (after the warm-up) the worst window's p99 and how many windows had a p99 at or over the limit.
     */
    record Repetition(double achievedRate, long received, Latency sendToReceive, double worstWindowP99, int slowWindows,
                      int measuredWindows, boolean passed) {
        static Repetition of(double achievedRate, long received, Latency sendToReceive, List<LatencyWindow> windows,
                             int warmupSeconds, double maxP99Millis, boolean passed) {
            List<LatencyWindow> measured = windows.stream()
                    .filter(w -> w.streamSeconds() >= warmupSeconds && w.count() > 0).toList();
            double worst = measured.stream().mapToDouble(LatencyWindow::p99).max().orElse(0);
            int slow = (int) measured.stream().filter(w -> w.p99() >= maxP99Millis).count();
            return new Repetition(achievedRate, received, sendToReceive, worst, slow, measured.size(), passed);
        }
    }

    static StepResult ofRepetitions(List<StepResult> runs) {
        if (runs.size() == 1) {
            return runs.get(0);
        }
        StepResult worst = runs.stream().max(Comparator.comparingDouble((StepResult r) -> r.sendToReceive().p99())
                .thenComparingDouble(r -> r.sendToReceive().max())).orElseThrow();
        return new StepResult(worst.targetRate(), worst.achievedRate(), worst.deliveriesPerSecond(),
                runs.stream().mapToInt(StepResult::sent).sum(), runs.stream().mapToLong(StepResult::acked).sum(),
                runs.stream().mapToLong(StepResult::expectedReceives).sum(), runs.stream().mapToLong(StepResult::received).sum(),
                sum(runs.stream().map(StepResult::violations).toList()), sum(runs.stream().map(StepResult::errors).toList()),
                runs.stream().flatMap(r -> r.examples().stream()).distinct().limit(5).toList(), worst.sendToAck(),
                worst.sendToReceive(), worst.cpuMicrosPerMessage(), worst.cpuCores(), runs.stream().allMatch(StepResult::passed),
                worst.windows(), runs.stream().flatMap(r -> r.repetitions().stream()).toList(), worst.allocatedBytesPerMessage());
    }

    private static Map<String, Long> sum(List<Map<String, Long>> counts) {
        Map<String, Long> total = new LinkedHashMap<>();
        counts.forEach(each -> each.forEach((key, n) -> total.merge(key, n, Long::sum)));
        return total;
    }

    long violationTotal() {
        return violations.values().stream().mapToLong(Long::longValue).sum();
    }

    long errorTotal() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }
}
