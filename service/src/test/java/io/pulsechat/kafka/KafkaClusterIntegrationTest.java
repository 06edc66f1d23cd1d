package io.pulsechat.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pulsechat.chaos.ChaosRun;
import io.pulsechat.testing.Directories;
import io.pulsechat.testing.Teardown;
import io.pulsechat.testing.Eventually;
import io.pulsechat.testing.KafkaCluster;
import io.pulsechat.testing.NodeProcess;
import io.pulsechat.testing.Services;
import io.pulsechat.testing.TestStack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two node processes on a three-broker KRaft cluster, with topics of replication factor 3 and
 * min.insync.replicas=2. A broker killed (SIGKILL) under a steady stream and started again loses
 * nothing acknowledged and stores nothing twice, and sends go on: two replicas stay in sync.
 */
class KafkaClusterIntegrationTest {
    private static final List<String> TOPICS = List.of("messages", "messages.dlq");
    private static KafkaCluster cluster;
    private static NodeProcess nodeA;
    private static NodeProcess nodeB;
    private static Admin admin;
    private static WebSocketClient ws;

    @BeforeAll
    static void startClusterAndNodes() throws Exception {
        assumeTrue(TestStack.get().owned(), "needs the broker jars that scripts/services fetched for a stack this JVM started");
        Path dir = Services.ROOT.resolve("target/kafka-cluster");
        Directories.deleteRecursively(dir);
        cluster = KafkaCluster.start(dir);
        // A send waits out a broker's failover (fencing, leader elections and, at worst, a controller election:
        // stalls of 5.8-7.7 s here, and more than 10 s once in CI on a loaded machine) instead of being refused,
        // as README "Running on clusters" advises.
        List<String> replicated = List.of("-Ddw.kafka.replicationFactor=3", "-Ddw.kafka.minInSyncReplicas=2",
                "-Ddw.kafka.produceTimeout=30s");
        var a = CompletableFuture.supplyAsync(() -> NodeProcess.onKafka("cluster-a", cluster.bootstrapServers(), replicated));
        var b = CompletableFuture.supplyAsync(() -> NodeProcess.onKafka("cluster-b", cluster.bootstrapServers(), replicated));
        try {
            nodeA = a.join();
        } finally {
            nodeB = b.join();
        }
        var props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        admin = Admin.create(props);
        ws = new WebSocketClient();
        ws.start();
    }

    @AfterAll
    static void stopAll() throws Exception {
        Teardown.closeAll(ws == null ? null : ws::stop, admin, nodeA, nodeB, cluster);
    }

    @Test
    void theTopicsHaveThreeReplicasAndNeedTwoInSync() throws Exception {
        Map<String, TopicDescription> topics = admin.describeTopics(TOPICS).allTopicNames().get(10, TimeUnit.SECONDS);
        topics.values().forEach(t -> assertThat(t.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3)));

        var resources = TOPICS.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        admin.describeConfigs(resources).all().get(10, TimeUnit.SECONDS).values().forEach(config ->
                assertThat(config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value()).isEqualTo("2"));
    }

    @Test
    void aBrokerKilledUnderAStreamAndStartedAgainLosesNothingAndSendsGoOn() {
        int broker = leaderOfMostPartitions();
        var counts = new ChaosRun(() -> List.of(nodeA, nodeB), ws, 10).run(new ChaosRun.Fault() {
            @Override public String name() { return "broker-" + cluster.nodeId(broker); }
            @Override public void inject() { cluster.kill(broker); }
            @Override public void heal() { cluster.start(broker); }
        }, Duration.ofSeconds(2), Duration.ofSeconds(8), Duration.ofSeconds(3), Duration.ofSeconds(60));
        System.out.println(counts.line());

        counts.assertNothingLost();
        assertThat(counts.unavailable()).as("sends refused although two replicas stayed in sync").isZero();
        // The broker that came back catches up: every replica is in sync again.
        Eventually.value(Duration.ofSeconds(60), KafkaClusterIntegrationTest::smallestIsr, isr -> isr == 3);
    }

    /** The broker (index) that leads the most partitions of `messages`: its death moves the most leaders. */
    private static int leaderOfMostPartitions() {
        Map<Integer, Long> led = partitions("messages").stream()
                .collect(Collectors.groupingBy(p -> p.leader().id(), Collectors.counting()));
        int nodeId = led.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        return nodeId - 1;
    }

    private static int smallestIsr() {
        return TOPICS.stream().flatMap(t -> partitions(t).stream()).mapToInt(p -> p.isr().size()).min().orElseThrow();
    }

    private static List<TopicPartitionInfo> partitions(String topic) {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions();
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe topic " + topic, e);
        }
    }
}
