package io.pulsechat.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pulsechat.testing.NodeProcess;
import io.pulsechat.testing.Services;
import io.pulsechat.testing.TestStack;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real faults under a steady stream across two node processes: a dependency stopped and started
 * again, or a node killed. Nothing acknowledged may be lost, nothing stored twice, no seq gap, every
 * client recovers everything with `sync`, and the nodes are healthy again by themselves.
 */
class FaultIntegrationTest {
    private static WebSocketClient ws;
    private NodeProcess nodeA;
    private NodeProcess nodeB;

    @BeforeAll
    static void startClient() throws Exception {
        assumeTrue(TestStack.get().owned(), "needs a stack this JVM started");
        ws = new WebSocketClient();
        ws.start();
    }

    @AfterAll
    static void stopClient() throws Exception {
        if (ws != null) {
            ws.stop();
        }
    }

    @BeforeEach
    void startNodes() {
        var a = CompletableFuture.supplyAsync(() -> NodeProcess.onTestStack("fault-a"));
        var b = CompletableFuture.supplyAsync(() -> NodeProcess.onTestStack("fault-b"));
        nodeA = a.join();
        nodeB = b.join();
    }

    @AfterEach
    void stopNodes() {
        nodeA.close();
        nodeB.close();
    }

    @Test
    void kafkaStoppedAndStartedAgain() {
        assertNothingLost(run(serviceOutage("kafka")));
    }

    @Test
    void redisStoppedAndStartedAgain() {
        assertNothingLost(run(serviceOutage("redis")));
    }

    @Test
    void postgresStoppedAndStartedAgain() {
        assertNothingLost(run(serviceOutage("postgres")));
    }

    @Test
    void aNodeKilledAbruptly() {
        var counts = run(new ChaosRun.Fault() {
            @Override public String name() { return "node-kill"; }
            @Override public void inject() { nodeA.kill(); }
            @Override public void heal() { }
        }, List.of(nodeA, nodeB));
        assertNothingLost(counts);
    }

    private ChaosRun.Counts run(ChaosRun.Fault fault) {
        return run(fault, List.of(nodeA, nodeB));
    }

    private ChaosRun.Counts run(ChaosRun.Fault fault, List<NodeProcess> nodes) {
        var counts = new ChaosRun(() -> nodes.stream().filter(NodeProcess::isAlive).toList(), ws, 10).run(fault, Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(2), Duration.ofSeconds(60));
        System.out.println(counts.line());
        return counts;
    }

    private static ChaosRun.Fault serviceOutage(String service) {
        Services services = TestStack.get().services();
        return new ChaosRun.Fault() {
            @Override public String name() { return service; }
            @Override public void inject() { services.stop(service); }
            @Override public void heal() { services.start(service); }
        };
    }

    static void assertNothingLost(ChaosRun.Counts counts) {
        assertThat(counts.sent()).as("messages planned").isGreaterThan(100);
        assertThat(counts.unacked()).as("never acknowledged, even after retries").isZero();
        assertThat(counts.lost()).as("acknowledged but missing from history").isZero();
        assertThat(counts.duplicates()).as("stored twice").isZero();
        assertThat(counts.seqGaps()).as("seq gaps or disorder in history").isZero();
        assertThat(counts.missedByClients()).as("messages a client never got, even after sync").isZero();
        assertThat(counts.otherErrors()).as("errors other than unavailable").isZero();
        assertThat(counts.healthyAfter()).as("healthy again by itself").isTrue();
    }
}
