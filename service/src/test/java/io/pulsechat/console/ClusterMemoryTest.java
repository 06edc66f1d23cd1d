package io.pulsechat.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterMemoryTest {
    private static final long HOUR = ClusterMemory.FORGET_AFTER_MS;
    private final ClusterMemory memory = new ClusterMemory("self");

    @Test
    void aDeadNodeStaysGoneForAnHourAfterRedisForgotIt() {
        // given a node that was seen live, then died (its snapshot expired)
        memory.read(1_000, own(1_000), Map.of("dead", live(1_000)));
        memory.read(8_000, own(8_000), Map.of("dead", expired(1_000)));

        // when Redis restarts and holds nothing of it
        List<NodeEntry> afterRestart = memory.read(9_000, own(9_000), Map.of());

        // then it is still listed, gone, as last seen before the restart, and Redis is to be told again
        assertThat(statusOf(afterRestart, "dead")).isEqualTo("gone");
        assertThat(entry(afterRestart, "dead").lastSeen()).isEqualTo(1_000);
        assertThat(memory.missingFrom(List.of("self"))).containsEntry("dead", 1_000L);
        assertThat(statusOf(memory.read(1_000 + HOUR - 1, own(1_000 + HOUR - 1), Map.of()), "dead")).isEqualTo("gone");
        assertThat(statusOf(memory.read(1_000 + HOUR + 1, own(1_000 + HOUR + 1), Map.of()), "dead"))
                .as("forgotten after an hour").isEqualTo("absent");
    }

    @Test
    void whileRedisCannotBeReadTheLiveAreUnknownWithoutFiguresAndTheGoneStayGone() {
        memory.read(1_000, own(1_000), Map.of("alive", live(1_000), "dead", expired(500)));

        List<NodeEntry> view = memory.unreadable(2_000, own(2_000));

        assertThat(statusOf(view, "self")).isEqualTo("live");
        assertThat(entry(view, "self").snapshot()).isNotNull();
        assertThat(statusOf(view, "alive")).isEqualTo("unknown");
        assertThat(entry(view, "alive").snapshot()).as("no last 'ok' figures for a node that may have died").isNull();
        assertThat(statusOf(view, "dead")).isEqualTo("gone");
        ClusterTotals totals = ClusterTotals.of(2_000, view);
        assertThat(List.of(totals.liveNodes(), totals.unknownNodes(), totals.goneNodes())).containsExactly(1, 1, 1);
    }

    @Test
    void onlyALiveNodeCarriesFiguresAndANodeThatComesBackIsLiveAgain() {
        memory.read(1_000, own(1_000), Map.of("n", live(1_000)));
        List<NodeEntry> gone = memory.read(7_000, own(7_000), Map.of("n", expired(1_000)));
        assertThat(entry(gone, "n").snapshot()).isNull();

        List<NodeEntry> back = memory.read(9_000, own(9_000), Map.of("n", live(9_000)));
        assertThat(statusOf(back, "n")).isEqualTo("live");
        assertThat(entry(back, "n").snapshot()).isNotNull();
    }

    private static NodeSnapshot own(long time) {
        return snapshot("self", time);
    }

    private static ClusterMemory.Shared live(long seen) {
        return new ClusterMemory.Shared(seen, true, snapshot("other", seen));
    }

    private static ClusterMemory.Shared expired(long seen) {
        return new ClusterMemory.Shared(seen, false, null);
    }

    private static NodeSnapshot snapshot(String id, long time) {
        var sample = new Sample(time, 1, 1, 1, 1, 1, 1, 1.0, 2.0, 1, null, 0, 1, 0, 0, 0, 0, 0, 10, 100, 0);
        return new NodeSnapshot(id, 0, sample, new HashMap<>(Map.of("redis", new Check(true, "ok"))));
    }

    private static NodeEntry entry(List<NodeEntry> view, String id) {
        return view.stream().filter(n -> n.nodeId().equals(id)).findFirst().orElseThrow();
    }

    private static String statusOf(List<NodeEntry> view, String id) {
        return view.stream().filter(n -> n.nodeId().equals(id)).map(NodeEntry::status).findFirst().orElse("absent");
    }
}
