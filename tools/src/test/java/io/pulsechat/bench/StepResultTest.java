package io.pulsechat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepResultTest {

    @Test
    void aRatePassesOnlyWhenEveryRepetitionPassesAndShowsItsWorstRepetition() {
        StepResult calm = run(12.0, 14.0, Map.of(), true);
        StepResult stalled = run(250.0, 400.0, Map.of("GAP", 2L), false);
        StepResult calmAgain = run(13.0, 15.0, Map.of("GAP", 1L), true);

        StepResult rate = StepResult.ofRepetitions(List.of(calm, stalled, calmAgain));

        assertThat(rate.passed()).isFalse();
        assertThat(rate.sendToReceive().p99()).as("latency of the worst repetition").isEqualTo(250.0);
        assertThat(rate.sent()).isEqualTo(3 * 1000);
        assertThat(rate.received()).isEqualTo(3 * 1500);
        assertThat(rate.violations()).containsEntry("GAP", 3L);
        assertThat(rate.repetitions()).extracting(StepResult.Repetition::passed).containsExactly(true, false, true);
        assertThat(rate.repetitions()).extracting(StepResult.Repetition::worstWindowP99).containsExactly(14.0, 400.0, 15.0);
    }

    @Test
    void threePassingRepetitionsPass() {
        assertThat(StepResult.ofRepetitions(List.of(run(10, 11, Map.of(), true), run(11, 12, Map.of(), true),
                run(12, 13, Map.of(), true))).passed()).isTrue();
    }

    @Test
    void theWorstWindowIsReadFromTheMeasuredWindowsOnly() {
        List<LatencyWindow> windows = List.of(window(0, 0.0, 900), window(1, 0.5, 30), window(2, 1.0, 120),
                window(3, 1.5, 40));

        StepResult.Repetition repetition = StepResult.Repetition.of(1000, 3, latency(40), windows, 1, 100, false);

        assertThat(repetition.measuredWindows()).isEqualTo(2);
        assertThat(repetition.worstWindowP99()).as("the warm-up's 900 ms is not measured").isEqualTo(120.0);
        assertThat(repetition.slowWindows()).isEqualTo(1);
    }

    private static StepResult run(double p99, double worstWindow, Map<String, Long> violations, boolean passed) {
        Latency receive = latency(p99);
        var windows = List.of(window(0, 0.0, worstWindow));
        return new StepResult(1000, 1000, 1500, 1000, 1000, 1500, 1500, violations, Map.of(), List.of(), receive, receive,
                Map.of(), Map.of(), passed, windows,
                List.of(StepResult.Repetition.of(1000, 1500, receive, windows, 0, 100, passed)), Map.of());
    }

    private static LatencyWindow window(int index, double at, double p99) {
        return new LatencyWindow(index, at, null, 10, p99 / 2, p99, p99);
    }

    private static Latency latency(double p99) {
        return new Latency(1000, p99 / 2, p99 / 1.5, p99, p99 * 1.2, p99 * 1.5);
    }
}
