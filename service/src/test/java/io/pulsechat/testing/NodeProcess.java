package io.pulsechat.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * A node as operators run it: `java -jar target/chat.jar server chat.yml` in its own process, so
 * that it can be terminated (SIGTERM) or killed (SIGKILL). Its output goes to a log file.
 */
public final class NodeProcess implements NodeAddress, AutoCloseable {
    private static final int PORT_ATTEMPTS = 3;
    private final String nodeId;
    private final int port;
    private final int adminPort;
    private final Path log;
    private final Process process;

    /** Where this process's own output starts in its log (a retried start appends to the same file). */
    private final long logStart;

    private NodeProcess(String nodeId, Map<String, String> env, List<String> systemProperties, Path logDir) {
        this.nodeId = nodeId;
        this.port = FreePorts.pick();
        this.adminPort = FreePorts.pick();
        this.log = logDir.resolve(nodeId + ".log");
        List<String> command = new ArrayList<>(List.of("java", "-Xmx512m"));
        command.addAll(systemProperties);
        command.addAll(List.of("-jar", Services.ROOT.resolve("target/chat.jar").toString(), "server",
                Services.ROOT.resolve("chat.yml").toString()));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().put("NODE_ID", nodeId);
        builder.environment().put("PORT", String.valueOf(port));
        builder.environment().put("ADMIN_PORT", String.valueOf(adminPort));
        try {
            Files.createDirectories(logDir);
            this.logStart = Files.exists(log) ? Files.size(log) : 0;
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            this.process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start node " + nodeId, e);
        }
        // A test that fails before it stops its nodes must not leave them running after the test JVM.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-node-" + nodeId));
    }

    /**
     * Starts a node and waits until it is healthy and its consumer holds partitions. A start whose
     * port was taken by another process between {@link FreePorts#pick()} and the node's bind is tried
     * again on new ports.
     */
    public static NodeProcess start(String nodeId, Map<String, String> env, List<String> systemProperties, Path logDir) {
        for (int attempt = 1; ; attempt++) {
            var node = new NodeProcess(nodeId, env, systemProperties, logDir);
            try {
                node.awaitReady();
                return node;
            } catch (RuntimeException | Error e) {
                node.kill();
                if (attempt == PORT_ATTEMPTS || !node.lostItsPort()) {
                    throw e;
                }
            }
        }
    }

    /**
     * Starts nodes on the {@link TestStack} side by side. If any of them fails to start, those that
     * did are stopped before the failure is thrown: no node outlives a failed set-up.
     */
    public static List<NodeProcess> allOnTestStack(String... nodeIds) {
        List<CompletableFuture<NodeProcess>> starts = Arrays.stream(nodeIds)
                .map(id -> CompletableFuture.supplyAsync(() -> onTestStack(id))).toList();
        List<NodeProcess> started = new ArrayList<>();
        RuntimeException failure = null;
        for (var start : starts) {
            try {
                started.add(start.join());
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = new IllegalStateException("not every node of " + Arrays.toString(nodeIds) + " started", e.getCause());
                } else {
                    failure.addSuppressed(e.getCause());
                }
            }
        }
        if (failure != null) {
            Teardown.closeAll(started.toArray(AutoCloseable[]::new));
            throw failure;
        }
        return started;
    }

    private boolean lostItsPort() {
        try (var in = Files.newInputStream(log)) {
            in.skipNBytes(logStart);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("Address already in use");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + log, e);
        }
    }

    /** Starts a node without waiting for anything: for nodes that are not expected to become ready. */
    public static NodeProcess launch(String nodeId, Map<String, String> env, List<String> systemProperties, Path logDir) {
        return new NodeProcess(nodeId, env, systemProperties, logDir);
    }

    /** A node on the {@link TestStack}, with the same settings as in-process test nodes. */
    public static NodeProcess onTestStack(String nodeId) {
        return onTestStack(nodeId, Map.of(), List.of());
    }

    /** A node on the {@link TestStack} with further settings, e.g. `-Ddw.kafka.topic=...`. */
    public static NodeProcess onTestStack(String nodeId, List<String> settings) {
        return onTestStack(nodeId, Map.of(), settings);
    }

    /** A node on the {@link TestStack}'s PostgreSQL and Redis, and on the given Kafka brokers. */
    public static NodeProcess onKafka(String nodeId, String kafkaBootstrap, List<String> settings) {
        return onTestStack(nodeId, Map.of("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap), settings);
    }

    /** The same, with some of its environment replaced (e.g. REDIS_URL through a proxy) and more `-Ddw.` settings. */
    public static NodeProcess onTestStack(String nodeId, Map<String, String> envOverrides, List<String> settings) {
        TestStack stack = TestStack.get();
        var env = new java.util.HashMap<>(Map.of(
                "DATABASE_URL", stack.databaseUrl,
                "REDIS_URL", stack.redisUrl,
                "KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrap,
                "JWT_SECRET", TestStack.JWT_SECRET));
        env.putAll(envOverrides);
        var properties = new ArrayList<>(List.of("-Ddw.passwords.memoryKib=1024", "-Ddw.passwords.iterations=1",
                        "-Ddw.abuse.registrationBurstPerAddress=1000000",
                        "-Ddw.abuse.loginsPerMinutePerAddress=1000000", "-Ddw.abuse.loginBurstPerAddress=1000000",
                        "-Ddw.abuse.sendsPerSecondPerAddress=1000000"));
        properties.addAll(settings);
        return start(nodeId, env, properties,
                Services.ROOT.resolve("target/node-logs"));
    }

    private void awaitReady() {
        var api = new Api(this);
        Eventually.value(Duration.ofSeconds(90), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("node " + nodeId + " exited; see " + log);
            }
            try {
                return api.getAdmin("/metrics").at("/gauges/kafka.consumer.partitions/value").asInt();
            } catch (IllegalStateException notYetListening) {
                return 0;
            }
        }, partitions -> partitions > 0);
    }

    public String id() {
        return nodeId;
    }

    @Override
    public String toString() {
        return "node " + nodeId;
    }

    @Override
    public URI http(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Override
    public URI admin(String path) {
        return URI.create("http://127.0.0.1:" + adminPort + path);
    }

    @Override
    public URI ws(String query) {
        return URI.create("ws://127.0.0.1:" + port + "/ws" + (query == null ? "" : "?" + query));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** What this process wrote to its log: a node started again under the same id appends to the same file. */
    public String ownLog() {
        try (var in = Files.newInputStream(log)) {
            in.skipNBytes(logStart);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + log, e);
        }
    }

    /** SIGTERM, as an orchestrator stops a node; returns its exit code. */
    public int terminate() {
        process.destroy();
        return awaitExit();
    }

    /** SIGKILL: the node dies mid-work, without any clean-up. */
    public void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    private int awaitExit() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("node " + nodeId + " did not exit within 60 s");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the node cleanly (it leaves the consumer group at once, sparing later tests a rebalance wait). */
    @Override
    public void close() {
        if (process.isAlive()) {
            terminate();
        }
    }

}
