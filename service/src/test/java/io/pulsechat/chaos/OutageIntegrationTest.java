package io.pulsechat.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pulsechat.testing.Commands;
import io.pulsechat.testing.Eventually;
import io.pulsechat.testing.NodeProcess;
import io.pulsechat.testing.Services;
import io.pulsechat.testing.Teardown;
import io.pulsechat.testing.TcpProxy;
import io.pulsechat.testing.TestStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dependencies that freeze (SIGSTOP, then SIGCONT) or whose network goes silent without closing
 * anything, under a steady stream across two node processes. Beyond what {@link FaultIntegrationTest}
 * checks (nothing acknowledged lost, nothing twice, no gap), each outage must leave every session open
 * (no 1008 or 1011), every client must get every message without asking for it again (`sync`), live
 * delivery must be back within 5 s of the end of the outage, and `/health` must
 * say 503 within 3 s of its start and 200 within 5 s of its end. The nodes reach Redis through a proxy
 * of this test's own, which can silence their connections.
 */
class OutageIntegrationTest {
    /** As issue 23 asks: each dependency frozen (or its connections silenced) for 20 s. */
    private static final Duration FAULT = Duration.ofSeconds(20);
    private static final Path STACK = Services.ROOT.resolve("target/test-stack");

    private static WebSocketClient ws;
    private static TcpProxy redisProxy;
    private static NodeProcess nodeA;
    private static NodeProcess nodeB;

    @BeforeAll
    static void startNodesBehindTheRedisProxy() throws Exception {
        assumeTrue(TestStack.get().owned(), "needs a stack this JVM started");
        ws = new WebSocketClient();
        ws.start();
        redisProxy = TcpProxy.start(URI.create(TestStack.get().redisUrl).getPort());
        var a = CompletableFuture.supplyAsync(() -> node("outage-a"));
        var b = CompletableFuture.supplyAsync(() -> node("outage-b"));
        try {
            nodeA = a.join();
        } finally {
            nodeB = b.join();
        }
    }

    @AfterAll
    static void stopEverything() {
        Teardown.closeAll(nodeA, nodeB, redisProxy, ws == null ? null : ws::stop);
    }

    @Test
    void redisFrozen() {
        var outcome = run(freeze("redis-freeze", () -> List.of(pidIn(STACK.resolve("redis.pid")))));
        assertRidesItOut(outcome);
        assertLoggedOnceEachWay(outcome, "redis");
    }

    @Test
    void kafkaFrozen() {
        assertRidesItOut(run(freeze("kafka-freeze", () -> List.of(pidIn(STACK.resolve("kafka.pid"))))));
    }

    @Test
    void postgresFrozen() {
        assertRidesItOut(run(freeze("postgres-freeze", () -> {
            // The postmaster and every backend: a frozen server, not one that merely accepts no new connections.
            long postmaster = pidIn(STACK.resolve("postgres/postmaster.pid"));
            return Stream.concat(Stream.of(postmaster),
                    ProcessHandle.of(postmaster).orElseThrow().children().map(ProcessHandle::pid)).toList();
        })));
    }

    /**
     * The network to Redis stops carrying anything, then Redis's side of every connection is closed (a NAT
     * or load balancer that forgot them): the nodes' sockets stay ESTABLISHED and hear nothing, ever.
     */
    @Test
    void redisConnectionsSilencedThenClosedOnTheRedisSide() {
        ScheduledExecutorService later = Executors.newScheduledThreadPool(2);
        var whileSilenced = new CompletableFuture<String>();
        try {
            var outcome = run(new ChaosRun.Fault() {
                @Override public String name() { return "redis-silenced"; }
                @Override public void inject() {
                    redisProxy.silence();
                    later.schedule(redisProxy::closeUpstream, 3, TimeUnit.SECONDS);
                    later.execute(() -> whileSilenced.complete(redisCheckOnceItNamesTheSubscription()));
                }
                @Override public void heal() { redisProxy.restore(); }
            });
            assertRidesItOut(outcome);
            assertLoggedOnceEachWay(outcome, "redis");
            assertThat(whileSilenced.join()).as("/health's redis check and the console's, while silenced")
                    .matches("/health: subscription to pulsechat:events .* console: subscription to pulsechat:events .*");
        } finally {
            later.shutdownNow();
        }
    }

    /** Polls node A's /health and its console until both name the subscription as down (or 8 s have passed). */
    private static String redisCheckOnceItNamesTheSubscription() {
        var api = new io.pulsechat.testing.Api(nodeA);
        try {
            return Eventually.value(Duration.ofSeconds(8), () ->
                    "/health: " + api.get("/health", null).body().at("/checks/redis/message").asText()
                    + " console: " + api.getAdmin("/console/api/state").at("/health/redis/message").asText(),
                    text -> text.matches("/health: subscription .* console: subscription .*"));
        } catch (AssertionError e) {
            return e.getMessage();
        }
    }

    /** {@code logs}: each node's log lines from the fault's start to the end of the run. */
    private record Outcome(ChaosRun.Counts counts, HealthWatch.Timings health, Map<String, List<String>> logs) {}

    private Outcome run(ChaosRun.Fault fault) {
        try (var health = new HealthWatch(List.of(nodeA.http("/health"), nodeB.http("/health")))) {
            var logs = new LogTail(List.of(nodeA, nodeB));
            var timed = health.timing(logs.fromInjection(fault));
            var counts = new ChaosRun(() -> List.of(nodeA, nodeB), ws, 10)
                    .run(timed, Duration.ofSeconds(2), FAULT, Duration.ofSeconds(6), Duration.ofSeconds(60));
            var timings = health.timings();
            System.out.println(counts.line() + " " + timings.line());
            return new Outcome(counts, timings, logs.lines());
        }
    }

    /**
     * Each node logs the outage of {@code dependency} in one line when it goes and one when it is back
     * (OutageLog), and no other part of it warns about it meanwhile.
     */
    private static void assertLoggedOnceEachWay(Outcome outcome, String dependency) {
        outcome.logs().forEach((node, lines) -> {
            List<String> warnings = lines.stream().filter(l -> l.startsWith("WARN") || l.startsWith("ERROR")).toList();
            List<String> others = warnings.stream().filter(l -> !l.contains("io.pulsechat.health.OutageLog: ")).toList();
            List<String> going = lines.stream().filter(l -> l.contains(dependency + " is unavailable: ")).toList();
            List<String> back = lines.stream().filter(l -> l.contains(dependency + " is available again after ")).toList();
            System.out.println(node + " logged " + warnings.size() + " warnings: " + String.join(" | ", warnings)
                    + " | back: " + String.join(" | ", back));
            assertThat(going).as(node + ": lines saying " + dependency + " went").hasSize(1);
            assertThat(back).as(node + ": lines saying " + dependency + " is back").hasSize(1);
            assertThat(others).as(node + ": warnings from elsewhere than the outage log").isEmpty();
        });
    }

    private static void assertRidesItOut(Outcome outcome) {
        var counts = outcome.counts();
        counts.assertNothingLost();
        assertThat(counts.policyCloses()).as("sessions closed with 1008 or 1011").isZero();
        assertThat(counts.recoveredBySync()).as("messages a client got only by asking for them (sync) at the end").isZero();
        assertThat(counts.deliveryBackMillis()).as("ms from the end of the outage to live delivery on every client")
                .isBetween(0L, 5_000L);
        var health = outcome.health();
        assertThat(health.unhealthyAfterMillis()).as("ms from the fault until /health is 503 on both nodes")
                .isBetween(0L, 3_000L);
        assertThat(health.healthyAgainAfterMillis()).as("ms from the end of the outage until /health is 200 on both nodes")
                .isBetween(0L, 5_000L);
    }

    private static ChaosRun.Fault freeze(String name, java.util.function.Supplier<List<Long>> pids) {
        return new ChaosRun.Fault() {
            private List<Long> frozen = List.of();

            @Override public String name() { return name; }
            @Override public void inject() {
                frozen = pids.get();
                signal("STOP", frozen);
            }
            @Override public void heal() { signal("CONT", frozen); }
        };
    }

    private static void signal(String signal, List<Long> pids) {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(pid -> command.add(String.valueOf(pid)));
        Commands.run(command, Map.of(), Services.ROOT.resolve("target/signals.log"), Duration.ofSeconds(10));
    }

    private static long pidIn(Path pidFile) {
        try {
            return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + pidFile, e);
        }
    }

    private static NodeProcess node(String id) {
        // Member lists go stale within a PostgreSQL freeze: sends must go on from the stale cache.
        return NodeProcess.onTestStack(id, Map.of("REDIS_URL", "redis://127.0.0.1:" + redisProxy.port()),
                List.of("-Ddw.memberships.fresh=4s"));
    }

    /** The nodes' log lines written since the fault was injected. */
    private static final class LogTail {
        private final List<NodeProcess> nodes;
        private final Map<String, Long> offsets = new java.util.concurrent.ConcurrentHashMap<>();

        LogTail(List<NodeProcess> nodes) {
            this.nodes = nodes;
        }

        ChaosRun.Fault fromInjection(ChaosRun.Fault fault) {
            return new ChaosRun.Fault() {
                @Override public String name() { return fault.name(); }
                @Override public void inject() {
                    nodes.forEach(n -> offsets.put(n.id(), size(n.log())));
                    fault.inject();
                }
                @Override public void heal() { fault.heal(); }
            };
        }

        Map<String, List<String>> lines() {
            Map<String, List<String>> lines = new java.util.TreeMap<>();
            for (NodeProcess node : nodes) {
                try (var in = Files.newInputStream(node.log())) {
                    in.skipNBytes(offsets.getOrDefault(node.id(), 0L));
                    lines.put(node.id(), new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList());
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read " + node.log(), e);
                }
            }
            return lines;
        }

        private static long size(Path log) {
            try {
                return Files.size(log);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + log, e);
            }
        }
    }

    /** Polls every node's /health every 100 ms, each poll with its own deadline, and times the fault. */
    private static final class HealthWatch implements AutoCloseable {
        record Timings(long unhealthyAfterMillis, long healthyAgainAfterMillis) {
            String line() {
                return "health503AfterMs=" + unhealthyAfterMillis + " health200AfterHealMs=" + healthyAgainAfterMillis;
            }
        }

        private record Sample(int node, long answeredNanos, int status) {}

        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final List<URI> nodes;
        private final List<Sample> samples = new ArrayList<>();
        private final ScheduledExecutorService pollers;
        private volatile long injectedNanos;
        private volatile long healedNanos;

        HealthWatch(List<URI> nodes) {
            this.nodes = nodes;
            this.pollers = Executors.newScheduledThreadPool(nodes.size());
            for (int i = 0; i < nodes.size(); i++) {
                int node = i;
                pollers.scheduleWithFixedDelay(() -> poll(node), 0, 100, TimeUnit.MILLISECONDS);
            }
        }

        /** The fault, noting when it was injected and healed. */
        ChaosRun.Fault timing(ChaosRun.Fault fault) {
            return new ChaosRun.Fault() {
                @Override public String name() { return fault.name(); }
                @Override public void inject() {
                    injectedNanos = System.nanoTime();
                    fault.inject();
                }
                @Override public void heal() {
                    fault.heal();
                    healedNanos = System.nanoTime();
                }
            };
        }

        private void poll(int node) {
            int status;
            try {
                status = http.send(HttpRequest.newBuilder(nodes.get(node)).timeout(Duration.ofSeconds(4)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                status = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            synchronized (samples) {
                samples.add(new Sample(node, System.nanoTime(), status));
            }
        }

        /** The slowest node's first 503 after the fault and first 200 after the heal; -1 for one that never came. */
        Timings timings() {
            long unhealthy = 0;
            long healthy = 0;
            for (int node = 0; node < nodes.size(); node++) {
                unhealthy = worst(unhealthy, firstAfter(node, injectedNanos, 503) - injectedNanos);
                healthy = worst(healthy, firstAfter(node, healedNanos, 200) - healedNanos);
            }
            return new Timings(unhealthy, healthy);
        }

        private long firstAfter(int node, long sinceNanos, int status) {
            synchronized (samples) {
                return samples.stream()
                        .filter(s -> s.node() == node && s.answeredNanos() >= sinceNanos && s.status() == status)
                        .mapToLong(Sample::answeredNanos).findFirst().orElse(Long.MIN_VALUE);
            }
        }

        private static long worst(long sofar, long nanos) {
            return sofar < 0 || nanos < 0 ? -1 : Math.max(sofar, nanos / 1_000_000);
        }

        @Override
        public void close() {
            pollers.shutdownNow();
        }
    }
}
