package io.pulsechat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.testing.Api;
import io.pulsechat.testing.TestNode;
import io.pulsechat.testing.Teardown;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A few seconds of the load generator against a real node: correctness only, never timing. */
class BenchSmokeIntegrationTest {
    private static TestNode node;

    @BeforeAll
    static void startNode() {
        node = TestNode.start("bench-node");
    }

    @AfterAll
    static void stopNode() {
        Teardown.closeAll(node);
    }

    @Test
    void everyMessageIsAckedOnceAndReceivedOnceByEveryOtherMemberInSeqOrder() throws Exception {
        var settings = new BenchSettings(List.of(node.http("/")), 20, 6, 2, 5, List.of(200), 3, 1, 1, 10, 100,
                "bench-password-1", 8, false, Double.MAX_VALUE, null, Map.of(), 7, 250, null, 2, Population.Layout.SPREAD, List.of(node.admin("/")));

        List<StepResult> steps = new MessageRun(settings, Api.JSON).run();

        assertThat(steps).as("one step for the rate, whatever its repetitions").hasSize(1);
        StepResult step = steps.get(0);
        assertThat(step.sent()).isEqualTo(2 * 800);
        assertThat(step.violations()).as("violations, e.g. %s", step.examples()).isEmpty();
        assertThat(step.errors()).isEmpty();
        assertThat(step.acked()).isEqualTo(step.sent());
        assertThat(step.received()).isEqualTo(step.expectedReceives()).isPositive();
        assertThat(step.allocatedBytesPerMessage()).as("the node's jvm.allocated.bytes over the measured window")
                .containsOnlyKeys("node").allSatisfy((node, bytes) -> assertThat(bytes).isPositive());
        // 250 ms windows over 1 s of warm-up and 3 s measured: every delivery of the step falls in one of 16 windows
        assertThat(step.windows()).extracting(LatencyWindow::streamSeconds)
                .containsExactlyElementsOf(IntStream.range(0, 16).mapToObj(w -> w * 0.25).toList());
        assertThat(step.repetitions()).hasSize(2).allSatisfy(r -> assertThat(r.measuredWindows()).isEqualTo(12));
        assertThat(step.repetitions().stream().mapToLong(StepResult.Repetition::received).sum()).isEqualTo(step.received());
        assertThat(step.repetitions()).anySatisfy(r -> assertThat(r.received())
                .isEqualTo(step.windows().stream().mapToLong(LatencyWindow::count).sum()));
        assertThat(step.windows()).allSatisfy(w -> assertThat(w.sinceStartSeconds()).isNull());
    }
}
