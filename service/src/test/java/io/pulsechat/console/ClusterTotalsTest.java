package io.pulsechat.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterTotalsTest {
    @Test
    void addsUpTheLiveNodesOnlyAndCountsTheGoneOnes() {
        var live1 = entry("n1", "live", sample(10, 2.0, 3, null));
        var live2 = entry("n2", "live", sample(5, 9.0, 1, 4));
        var gone = entry("n3", "gone", sample(100, 50.0, 7, 7));
        var unknown = entry("n4", "unknown", sample(100, 50.0, 7, 7));

        ClusterTotals totals = ClusterTotals.of(1000, List.of(live1, live2, gone, unknown));

        assertThat(totals.liveNodes()).isEqualTo(2);
        assertThat(totals.goneNodes()).isEqualTo(1);
        assertThat(totals.unknownNodes()).isEqualTo(1);
        assertThat(totals.receivedPerSec()).isEqualTo(15.0);
        assertThat(totals.latencyP99Ms()).as("the worst live node").isEqualTo(9.0);
        assertThat(totals.webSocketSessions()).isEqualTo(4);
        assertThat(totals.socketIoSessions()).as("a node without Socket.IO counts none").isEqualTo(4);
    }

    @Test
    void theLatencyIsBlankWhenNoLiveNodeMeasuredAny() {
        var idle = entry("n1", "live", sample(0, null, 1, null));
        var gone = entry("n2", "gone", sample(0, 50.0, 1, null));

        assertThat(ClusterTotals.of(1000, List.of(idle, gone)).latencyP99Ms()).isNull();
        assertThat(ClusterTotals.of(1000, List.of(idle, entry("n3", "live", sample(0, 7.0, 1, null)))).latencyP99Ms())
                .as("an idle node does not hide a busy one's latency").isEqualTo(7.0);
    }

    @Test
    void aLiveNodeWhoseSnapshotCannotBeReadCountsAsLiveWithoutFigures() {
        ClusterTotals totals = ClusterTotals.of(1000, List.of(new NodeEntry("n1", "live", 1000, null)));
        assertThat(totals.liveNodes()).isEqualTo(1);
        assertThat(totals.receivedPerSec()).isZero();
    }

    private static NodeEntry entry(String id, String status, Sample sample) {
        return new NodeEntry(id, status, sample.time(), new NodeSnapshot(id, 0, sample, Map.of()));
    }

    private static Sample sample(double receivedPerSec, Double p99, int webSockets, Integer socketIo) {
        return new Sample(1000, receivedPerSec, 0, 0, 0, 0, 0, p99 == null ? null : 1.0, p99, webSockets, socketIo, 0, 2, 0, 0, 0, 0, 0, 10, 100, 0);
    }
}
