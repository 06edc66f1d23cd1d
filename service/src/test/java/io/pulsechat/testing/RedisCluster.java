package io.pulsechat.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A Redis Cluster of three masters and three replicas, from Debian's redis-server (Redis 7), in processes
 * of its own so that a master can be killed (SIGKILL) and started again. A master silent for
 * {@link #NODE_TIMEOUT_MS} is failed over to its replica.
 */
public final class RedisCluster implements AutoCloseable {
    public static final long NODE_TIMEOUT_MS = 2000;
    private static final Path SERVER = Path.of("/usr/bin/redis-server");
    private static final Path CLI = Path.of("/usr/bin/redis-cli");
    private static final int SIZE = 6;

    private final Path dir;
    private final List<Integer> ports = new ArrayList<>();
    private final Process[] servers = new Process[SIZE];

    private RedisCluster(Path dir) {
        this.dir = dir;
        for (int i = 0; i < SIZE; i++) {
            ports.add(FreePorts.pick());
        }
    }

    public static boolean installed() {
        return Files.isExecutable(SERVER) && Files.isExecutable(CLI);
    }

    /** Starts six servers, joins them into a cluster (each master with one replica), and waits until it serves every slot. */
    public static RedisCluster start(Path dir) {
        var cluster = new RedisCluster(dir);
        try {
            for (int i = 0; i < SIZE; i++) {
                cluster.launch(i);
            }
            for (int i = 0; i < SIZE; i++) {
                cluster.awaitPing(i);
            }
            cluster.create();
            cluster.awaitHealthy();
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Every server as seed nodes: `redis://127.0.0.1:p1,127.0.0.1:p2,...`. */
    public String url() {
        return "redis://" + ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /** The server (index) that is the master of this key's (or channel's) slot now, asked of a live server. */
    public int masterOf(String key) {
        int slot = JedisClusterCRC16.getSlot(key);
        for (Object range : anyLive().clusterSlots()) {
            List<?> parts = (List<?>) range;
            if ((Long) parts.get(0) <= slot && slot <= (Long) parts.get(1)) {
                int port = ((Long) ((List<?>) parts.get(2)).get(1)).intValue();
                return ports.indexOf(port);
            }
        }
        throw new IllegalStateException("no master serves slot " + slot);
    }

    /** The servers (indexes) that are masters now. */
    public List<Integer> masters() {
        List<Integer> masters = new ArrayList<>();
        for (Object range : anyLive().clusterSlots()) {
            int port = ((Long) ((List<?>) ((List<?>) range).get(2)).get(1)).intValue();
            int index = ports.indexOf(port);
            if (!masters.contains(index)) {
                masters.add(index);
            }
        }
        return masters;
    }

    /** SIGKILL: the server dies without a word; its replica takes over after the node timeout. */
    public void kill(int server) {
        servers[server].destroyForcibly();
        awaitExit(server);
    }

    /** Starts a killed server again: it rejoins the cluster (as the replica of whoever took over). */
    public void start(int server) {
        launch(server);
        awaitPing(server);
    }

    /** Waits until every slot is served by a live master, and every live server says the cluster is ok. */
    public void awaitHealthy() {
        Eventually.value(Duration.ofSeconds(60), this::healthy, ok -> ok);
    }

    private boolean healthy() {
        for (int i = 0; i < SIZE; i++) {
            if (servers[i] == null || !servers[i].isAlive()) {
                continue;
            }
            try (var jedis = jedis(i)) {
                if (!jedis.clusterInfo().contains("cluster_state:ok")) {
                    return false;
                }
            }
        }
        return masters().stream().allMatch(m -> servers[m].isAlive());
    }

    private Jedis anyLive() {
        for (int i = 0; i < SIZE; i++) {
            if (servers[i] != null && servers[i].isAlive()) {
                return jedis(i);
            }
        }
        throw new IllegalStateException("no server of the cluster runs");
    }

    private Jedis jedis(int server) {
        return new Jedis("127.0.0.1", ports.get(server), 2000);
    }

    private void launch(int server) {
        int port = ports.get(server);
        Path data = dir.resolve("node-" + port);
        try {
            Files.createDirectories(data);
            var builder = new ProcessBuilder(SERVER.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--dir", data.toString(), "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", String.valueOf(NODE_TIMEOUT_MS), "--save", "", "--appendonly", "no",
                    "--daemonize", "no")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis-" + port + ".log").toFile()));
            servers[server] = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(servers[server]::destroyForcibly, "stop-redis-" + port));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server on port " + port, e);
        }
    }

    private void awaitPing(int server) {
        Eventually.value(Duration.ofSeconds(30), () -> {
            if (!servers[server].isAlive()) {
                throw new IllegalStateException("redis-server " + ports.get(server) + " exited; see " + dir);
            }
            try (var jedis = jedis(server)) {
                return "PONG".equals(jedis.ping());
            } catch (JedisConnectionException notYet) {
                return false;
            }
        }, up -> up);
    }

    private void create() {
        List<String> command = new ArrayList<>(List.of(CLI.toString(), "--cluster", "create"));
        ports.forEach(p -> command.add("127.0.0.1:" + p));
        command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        Commands.run(command, Map.of(), dir.resolve("create.log"), Duration.ofMinutes(2));
    }

    /** Kills every server that runs: the cluster's data is the test's own, nothing to save. */
    @Override
    public void close() {
        for (int i = 0; i < SIZE; i++) {
            if (servers[i] != null) {
                servers[i].destroyForcibly();
                awaitExit(i);
            }
        }
    }

    private void awaitExit(int server) {
        try {
            if (!servers[server].waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis-server " + ports.get(server) + " did not exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while redis-server " + ports.get(server) + " stopped", e);
        }
    }

    @Override
    public String toString() {
        return "Redis Cluster on ports " + ports + " in " + dir;
    }
}
