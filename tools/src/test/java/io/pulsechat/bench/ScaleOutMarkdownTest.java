package io.pulsechat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScaleOutMarkdownTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aBroadcastNodeReceivesEveryPublishAndASubscribedNodeWhatItsMeterCounted(@TempDir Path dir) throws Exception {
        // before, 2 nodes: 3,000 PUBLISH to the one channel both nodes hear, no meter
        write(dir, "x-before-2", step(1000, 30, Map.of("node-1", 300.0, "node-2", 300.0)),
                "redis.publish=1000\nredis.events_subscribers=2\nnode.1.bytes=100\nnode.2.bytes=100\n",
                "redis.publish=4000\nredis.events_subscribers=2\nnode.1.bytes=600100\nnode.2.bytes=500100\n");
        // after, 2 nodes: 3,000 SPUBLISH and 100 PUBLISH; the nodes counted 1,550 and 1,600
        write(dir, "x-after-2", step(1000, 20, Map.of("node-1", 150.0, "node-2", 160.0)),
                "redis.publish=0\nredis.spublish=0\nredis.events_subscribers=2\nnode.1.events=0\nnode.2.events=50\n",
                "redis.publish=100\nredis.spublish=3000\nredis.events_subscribers=2\nnode.1.events=1550\nnode.2.events=1650\n");

        List<ScaleOutMarkdown.ClusterRun> runs = ScaleOutMarkdown.read(dir, json);

        assertThat(runs).extracting(ScaleOutMarkdown.ClusterRun::variant).containsExactlyInAnyOrder("before", "after");
        var before = runs.stream().filter(r -> r.variant().equals("before")).findFirst().orElseThrow();
        assertThat(before.shares()).extracting(ScaleOutMarkdown.NodeShare::events).containsExactly(3000L, 3000L);
        assertThat(before.shares()).allMatch(ScaleOutMarkdown.NodeShare::everyPublish);
        assertThat(before.shares()).extracting(ScaleOutMarkdown.NodeShare::bytes).containsExactly(600_000L, 500_000L);
        assertThat(before.maxShare()).isEqualTo(1.0);
        var after = runs.stream().filter(r -> r.variant().equals("after")).findFirst().orElseThrow();
        assertThat(after.clusterEvents()).isEqualTo(3100);
        assertThat(after.shares()).extracting(ScaleOutMarkdown.NodeShare::events).containsExactly(1550L, 1600L);
        assertThat(after.shares()).noneMatch(ScaleOutMarkdown.NodeShare::everyPublish);
        assertThat(after.maxShare()).isEqualTo(1600.0 / 3100);
        assertThat(after.nodesCpu()).isEqualTo(310.0);
        assertThat(after.systemCpu()).isEqualTo(310.0 + 100 + 80 + 10);
    }

    @Test
    void theTargetsCompareTheLargestClusterWithOneNode(@TempDir Path dir) throws Exception {
        write(dir, "x-after-1", step(1000, 20, Map.of("node-1", 200.0)),
                "redis.spublish=0\nnode.1.events=0\n", "redis.spublish=2000\nnode.1.events=2000\n");
        write(dir, "x-after-4", step(1000, 25, Map.of("node-1", 60.0, "node-2", 60.0, "node-3", 60.0, "node-4", 60.0)),
                "redis.spublish=0\nnode.1.events=0\nnode.2.events=0\nnode.3.events=0\nnode.4.events=0\n",
                "redis.spublish=2000\nnode.1.events=600\nnode.2.events=500\nnode.3.events=500\nnode.4.events=1200\n");
        var machine = new Properties();
        machine.setProperty("x_rate", "1000");

        String markdown = new ScaleOutMarkdown(machine, ScaleOutMarkdown.read(dir, json)).render();

        assertThat(markdown).contains("| after | largest share of the cluster's events one node received, 4 nodes | 0.60 | <= 0.5 | **no** |");
        assertThat(markdown).contains("| after | nodes' total CPU per message, 4 / 1 node(s) | 1.20x | <= 1.3x | yes |");
        // system: (240 + 190) / (200 + 190)
        assertThat(markdown).contains("| after | system CPU per message (nodes, Kafka, PostgreSQL, Redis), 4 / 1 node(s) | 1.10x | <= 1.3x | yes |");
        assertThat(markdown).contains("| after | p99 send->receive, 4 / 1 node(s) | 25.0 / 20.0 ms | no worse than one node | **no** |");
        assertThat(markdown).contains("| after | 4 | 4 | 1.20 | 0.60 | ");
        assertThat(markdown).doesNotContain("| before |");
    }

    @Test
    void fewerStorersAreComparedWithOneNodeOfAfter(@TempDir Path dir) throws Exception {
        write(dir, "x-after-1", step(1000, 20, Map.of("node-1", 200.0)),
                "redis.spublish=0\nnode.1.events=0\n", "redis.spublish=2000\nnode.1.events=2000\n");
        write(dir, "x-after-storing-1-4", step(1000, 18, Map.of("node-1", 80.0, "node-2", 50.0, "node-3", 50.0, "node-4", 50.0)),
                "redis.spublish=0\nnode.1.events=0\nnode.2.events=0\nnode.3.events=0\nnode.4.events=0\n",
                "redis.spublish=2000\nnode.1.events=700\nnode.2.events=800\nnode.3.events=750\nnode.4.events=700\n");

        String markdown = new ScaleOutMarkdown(new Properties(), ScaleOutMarkdown.read(dir, json)).render();

        assertThat(markdown).contains("| after-storing-1 | largest share of the cluster's events one node received, 4 nodes | 0.40 | <= 0.5 | yes |");
        assertThat(markdown).contains("| after-storing-1 | nodes' total CPU per message, 4 / 1 node(s) | 1.15x | <= 1.3x | yes |");
        assertThat(markdown).contains("| after-storing-1 | p99 send->receive, 4 / 1 node(s) | 18.0 / 20.0 ms | no worse than one node | yes |");
        assertThat(markdown.indexOf("| after | 1 | 1 |")).isLessThan(markdown.indexOf("| after-storing-1 | 4 | 1 |"));
    }

    private void write(Path dir, String name, StepResult step, String before, String after) throws Exception {
        Files.writeString(dir.resolve(name + ".json"), json.writeValueAsString(Map.of("steps", List.of(step))));
        Files.writeString(dir.resolve(name + ".before.properties"), before);
        Files.writeString(dir.resolve(name + ".after.properties"), after);
    }

    private static StepResult step(int sent, double p99, Map<String, Double> nodes) {
        Map<String, Double> cpu = new LinkedHashMap<>(nodes);
        cpu.put("kafka", 100.0);
        cpu.put("postgres", 80.0);
        cpu.put("redis", 10.0);
        var receive = new Latency(sent, p99 / 2, p99 / 1.5, p99, p99 * 1.2, p99 * 1.5);
        return new StepResult(1000, 1000, 1500, sent, sent, 1500, 1500, Map.of(), Map.of(), List.of(), receive, receive,
                cpu, Map.of(), true, List.of(), List.of(), Map.of());
    }
}
