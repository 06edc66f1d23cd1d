package io.pulsechat.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.Uuid;

/**
 * A KRaft cluster of three brokers (each also a controller), from the same jars as the test stack's
 * single broker (.local/kafka-libs, fetched by scripts/services), in processes of its own so that a
 * broker can be killed (SIGKILL) and started again. Internal topics are replicated 3 times with 2 in
 * sync at least, as on a production cluster; a dead broker is fenced after 3 s.
 */
public final class KafkaCluster implements AutoCloseable {
    private static final Path LIBS = Services.ROOT.resolve(".local/kafka-libs");
    private static final int SIZE = 3;

    private final Path dir;
    private final List<Integer> ports = new ArrayList<>();
    private final List<Integer> controllerPorts = new ArrayList<>();
    private final Process[] brokers = new Process[SIZE];

    private KafkaCluster(Path dir) {
        this.dir = dir;
        for (int i = 0; i < SIZE; i++) {
            ports.add(FreePorts.pick());
            controllerPorts.add(FreePorts.pick());
        }
    }

    /** Formats and starts three brokers, and waits until all of them take connections. */
    public static KafkaCluster start(Path dir) {
        TestStack.get(); // its scripts/services start fetched the broker jars
        var cluster = new KafkaCluster(dir);
        try {
            cluster.format();
            // All at once: a broker listens only once a majority of the controllers has formed a quorum.
            for (int broker = 0; broker < SIZE; broker++) {
                cluster.launch(broker);
            }
            for (int broker = 0; broker < SIZE; broker++) {
                cluster.awaitListening(broker);
            }
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    public String bootstrapServers() {
        return ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /** The broker's node.id (1..3) for an index 0..2. */
    public int nodeId(int broker) {
        return broker + 1;
    }

    /** SIGKILL: the broker dies mid-write, without a controlled shutdown. */
    public void kill(int broker) {
        Process process = brokers[broker];
        process.destroyForcibly();
        awaitExit(process, broker);
    }

    /** Starts a broker again, on its old data, and waits until it takes connections. */
    public void start(int broker) {
        launch(broker);
        awaitListening(broker);
    }

    private void launch(int broker) {
        if (brokers[broker] != null && brokers[broker].isAlive()) {
            throw new IllegalStateException("broker " + nodeId(broker) + " is running");
        }
        var builder = new ProcessBuilder(java(broker, List.of("kafka.Kafka", properties(broker).toString())))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker-" + nodeId(broker) + ".out").toFile()));
        try {
            Process process = builder.start();
            brokers[broker] = process;
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-broker-" + nodeId(broker)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start broker " + nodeId(broker), e);
        }
    }

    private void awaitListening(int broker) {
        int port = ports.get(broker);
        Eventually.value(Duration.ofSeconds(90), () -> {
            if (!brokers[broker].isAlive()) {
                throw new IllegalStateException("broker " + nodeId(broker) + " exited; see " + dir);
            }
            return listening(port);
        }, up -> up);
    }

    /** Stops every broker that runs (SIGTERM, then SIGKILL after 30 s). */
    @Override
    public void close() {
        for (Process process : brokers) {
            if (process != null) {
                process.destroy();
            }
        }
        for (int broker = 0; broker < SIZE; broker++) {
            if (brokers[broker] != null) {
                awaitExit(brokers[broker], broker);
            }
        }
    }

    private void format() {
        String clusterId = Uuid.randomUuid().toString();
        IntStream.range(0, SIZE).parallel().forEach(broker -> Commands.run(
                java(broker, List.of("kafka.tools.StorageTool", "format", "-t", clusterId, "-c", properties(broker).toString())),
                Map.of(), dir.resolve("format-" + nodeId(broker) + ".log"), Duration.ofMinutes(2)));
    }

    private Path properties(int broker) {
        String voters = IntStream.range(0, SIZE).mapToObj(i -> nodeId(i) + "@127.0.0.1:" + controllerPorts.get(i))
                .collect(Collectors.joining(","));
        String text = String.join("\n",
                "process.roles=broker,controller",
                "node.id=" + nodeId(broker),
                "controller.quorum.voters=" + voters,
                "listeners=PLAINTEXT://127.0.0.1:" + ports.get(broker) + ",CONTROLLER://127.0.0.1:" + controllerPorts.get(broker),
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + ports.get(broker),
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + dir.resolve("data-" + nodeId(broker)),
                "num.partitions=8",
                "offsets.topic.replication.factor=3",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=3",
                "transaction.state.log.min.isr=2",
                "share.coordinator.state.topic.replication.factor=3",
                "share.coordinator.state.topic.min.isr=2",
                "group.initial.rebalance.delay.ms=0",
                // A killed broker stays in every partition's ISR, and so holds up every acks=all send, until
                // the controller fences it: after 9 s by default, 3 s here, plus a controller election
                // (2 s by default, 1 s here) when it was the active controller (README "Running on clusters").
                "broker.session.timeout.ms=3000",
                "broker.heartbeat.interval.ms=500",
                "controller.quorum.fetch.timeout.ms=1000",
                "auto.create.topics.enable=false",
                "");
        Path file = dir.resolve("broker-" + nodeId(broker) + ".properties");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file, e);
        }
        return file;
    }

    private List<String> java(int broker, List<String> mainAndArgs) {
        List<String> command = new ArrayList<>(List.of("java", "-Xms128m", "-Xmx384m", "-XX:+UseG1GC",
                "-Dkafka.logs.dir=" + dir.resolve("logs-" + nodeId(broker)),
                "-Dlog4j2.configurationFile=" + Services.ROOT.resolve("scripts/kafka/log4j2.properties"),
                "-cp", LIBS + "/*"));
        command.addAll(mainAndArgs);
        return command;
    }


    private void awaitExit(Process process, int broker) {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while broker " + nodeId(broker) + " stopped", e);
        }
    }

    private static boolean listening(int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }
}
