package io.pulsechat.chaos;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pulsechat.testing.NodeProcess;
import io.pulsechat.testing.Teardown;
import io.pulsechat.testing.Services;
import io.pulsechat.testing.TestStack;
import java.time.Duration;
import java.util.List;
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
        List<NodeProcess> nodes = NodeProcess.allOnTestStack("fault-a", "fault-b");
        nodeA = nodes.get(0);
        nodeB = nodes.get(1);
    }

    @AfterEach
    void stopNodes() {
        Teardown.closeAll(nodeA, nodeB);
    }

    @Test
    void kafkaStoppedAndStartedAgain() {
        run(serviceOutage("kafka")).assertNothingLost();
    }

    @Test
    void redisStoppedAndStartedAgain() {
        run(serviceOutage("redis")).assertNothingLost();
    }

    @Test
    void postgresStoppedAndStartedAgain() {
        run(serviceOutage("postgres")).assertNothingLost();
    }

    @Test
    void aNodeKilledAbruptly() {
        var counts = run(new ChaosRun.Fault() {
            @Override public String name() { return "node-kill"; }
            @Override public void inject() { nodeA.kill(); }
            @Override public void heal() { }
        }, List.of(nodeA, nodeB));
        counts.assertNothingLost();
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
}
