package io.pulsechat.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupPartitionsTest {
    @Test
    void aPartitionNobodyOwnsIsUnownedWithItsLagFromTheCommittedOffset() {
        List<GroupPartitions.Row> rows = GroupPartitions.rows(4,
                Map.of(0, "pulsechat-node-1-0", 1, "pulsechat-node-1-0"),
                Map.of(0, 100L, 1, 50L, 2, 40L),
                Map.of(0, 0L, 1, 0L, 2, 0L, 3, 10L),
                Map.of(0, 100L, 1, 60L, 2, 140L, 3, 30L));

        assertThat(rows).extracting(GroupPartitions.Row::unowned).containsExactly(false, false, true, true);
        assertThat(rows).extracting(GroupPartitions.Row::lag).containsExactly(0L, 10L, 100L, 20L);
        assertThat(rows.get(3).committed()).as("never committed: its lag counts from the log's start").isNull();
        var report = new GroupPartitions.Report(0, "messages", "g", rows, null);
        assertThat(report.unowned()).isEqualTo(2);
        assertThat(report.unownedLag()).isEqualTo(120);
    }
}
