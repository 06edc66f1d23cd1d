package io.pulsechat.testing;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.pulsechat.ChatApplication;
import io.pulsechat.ChatConfiguration;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One PulseChat node on random ports against the {@link TestStack}; several may run at once. */
public final class TestNode implements NodeAddress, AutoCloseable {
    private final DropwizardTestSupport<ChatConfiguration> support;
    private final String nodeId;

    private TestNode(String nodeId, List<ConfigOverride> overrides) {
        this.nodeId = nodeId;
        TestStack.get();
        List<ConfigOverride> all = new ArrayList<>(List.of(
                ConfigOverride.config("nodeId", nodeId),
                ConfigOverride.config("server.applicationConnectors[0].port", "0"),
                ConfigOverride.config("server.adminConnectors[0].port", "0")));
        all.addAll(overrides);
        this.support = new DropwizardTestSupport<>(ChatApplication.class,
                Services.ROOT.resolve("chat.yml").toString(), all.toArray(ConfigOverride[]::new));
    }

    public static TestNode start(String nodeId, ConfigOverride... overrides) {
        var node = new TestNode(nodeId, List.of(overrides));
        node.startAgain();
        return node;
    }

    /**
     * Starts a stopped node again (same id, new ports), and waits until its consumer has joined the
     * group and holds partitions, so that tests do not race a rebalance (a node that stores nothing,
     * `kafka.consumerThreads: 0`, has none to wait for).
     */
    public void startAgain() {
        try {
            support.before();
            if (support.getConfiguration().getKafka().getConsumerThreads() > 0) {
                Eventually.value(Duration.ofSeconds(60), this::assignedPartitions, n -> n > 0);
            }
        } catch (Exception | AssertionError e) {
            // Whatever of the node did start (its consumer in the group above all) must not outlive this failure.
            var failure = new IllegalStateException("node " + nodeId + " did not start", e);
            try {
                support.after();
            } catch (RuntimeException stopping) {
                failure.addSuppressed(stopping);
            }
            throw failure;
        }
    }

    private int assignedPartitions() {
        return (Integer) support.getEnvironment().metrics().getGauges().get("kafka.consumer.partitions").getValue();
    }

    public void stop() {
        support.after();
    }

    @Override
    public void close() {
        stop();
    }

    public String id() {
        return nodeId;
    }

    @Override
    public String toString() {
        return "node " + nodeId;
    }

    /** The running node's Dropwizard environment (its Jetty server, metrics, health checks). */
    public io.dropwizard.core.setup.Environment environment() {
        return support.getEnvironment();
    }

    @Override
    public URI http(String path) {
        return URI.create("http://127.0.0.1:" + support.getLocalPort() + path);
    }

    @Override
    public URI admin(String path) {
        return URI.create("http://127.0.0.1:" + support.getAdminPort() + path);
    }

    @Override
    public URI ws(String query) {
        return URI.create("ws://127.0.0.1:" + support.getLocalPort() + "/ws" + (query == null ? "" : "?" + query));
    }
}
