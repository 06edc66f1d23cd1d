package io.pulsechat.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulsechat.chaos.ChaosRun;
import io.pulsechat.testing.Directories;
import io.pulsechat.testing.Api;
import io.pulsechat.testing.Api.Account;
import io.pulsechat.testing.Eventually;
import io.pulsechat.testing.Friends;
import io.pulsechat.testing.NodeProcess;
import io.pulsechat.testing.RedisCluster;
import io.pulsechat.testing.Services;
import io.pulsechat.testing.Teardown;
import io.pulsechat.testing.TestStack;
import io.pulsechat.testing.WsClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two node processes on a Redis Cluster of three masters and three replicas: messages and presence cross
 * the nodes whichever master serves their channels, and a master killed (SIGKILL) under a steady stream is
 * replaced by its replica, after which pub/sub and presence go on by themselves with nothing acked lost.
 */
class RedisClusterIntegrationTest {
    private static RedisCluster redis;
    private static NodeProcess nodeA;
    private static NodeProcess nodeB;
    private static WebSocketClient ws;

    @BeforeAll
    static void startClusterAndNodes() throws Exception {
        TestStack.get(); // its scripts/services start installs Debian's redis-server (and redis-cli) when missing
        assumeTrue(RedisCluster.installed(), "needs Debian's redis-server and redis-cli (apt-get install redis-server)");
        Path dir = Services.ROOT.resolve("target/redis-cluster");
        Directories.deleteRecursively(dir);
        redis = RedisCluster.start(dir);
        Map<String, String> env = Map.of("REDIS_URL", redis.url(), "REDIS_CLUSTER", "true");
        var a = CompletableFuture.supplyAsync(() -> NodeProcess.onTestStack("redis-cluster-a", env, List.of()));
        var b = CompletableFuture.supplyAsync(() -> NodeProcess.onTestStack("redis-cluster-b", env, List.of()));
        try {
            nodeA = a.join();
        } finally {
            nodeB = b.join();
        }
        ws = new WebSocketClient();
        ws.start();
    }

    @AfterAll
    static void stopAll() throws Exception {
        Teardown.closeAll(ws == null ? null : ws::stop, nodeA, nodeB, redis);
    }

    @Test
    void messagesAndPresenceCrossTheNodesWhicheverMasterServesTheirChannels() {
        Api api = new Api(nodeA);
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        Friends.befriend(api, ann, bob);
        Map<Integer, UUID> conversationOfMaster = new TreeMap<>();
        for (int tries = 0; tries < 100 && conversationOfMaster.size() < redis.masters().size(); tries++) {
            UUID conversation = api.group(ann, "shards", bob);
            conversationOfMaster.putIfAbsent(redis.masterOf(channel(conversation)), conversation);
        }
        assertThat(conversationOfMaster).as("a conversation whose channel each master serves").hasSize(3);

        try (var bobWs = WsClient.connect(nodeB, bob.token()); var annWs = WsClient.connect(nodeA, ann.token())) {
            assertThat(bobWs.await(presenceOf(ann)).get("online").asBoolean()).as("Ann online, told across nodes").isTrue();
            for (UUID conversation : conversationOfMaster.values()) {
                annWs.sendMessage(conversation, "ann-" + conversation, "from A");
                assertThat(bobWs.await(received(conversation, "from A")).at("/message/seq").asLong()).isEqualTo(1);
                bobWs.sendMessage(conversation, "bob-" + conversation, "from B");
                assertThat(annWs.await(received(conversation, "from B")).at("/message/seq").asLong()).isEqualTo(2);
            }
            annWs.close();
            assertThat(bobWs.await(presenceOf(ann).and(f -> !f.get("online").asBoolean()))).isNotNull();
        }
    }

    @Test
    void aMasterKilledUnderAStreamIsReplacedAndNothingAckedIsLost() {
        var killed = new KilledMaster();
        var counts = new ChaosRun(() -> List.of(nodeA, nodeB), ws, 10).run(killed,
                Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(60));
        long failoverMillis = killed.failoverMillis.join();
        System.out.println(counts.line() + " failoverMs=" + failoverMillis);
        System.out.printf("Redis master killed: its replica took over after %d ms; the longest wait for an ack was %d ms%n",
                failoverMillis, counts.longestWait().toMillis());

        counts.assertNothingLost();
        // A bound on behaviour, not a benchmark: the node timeout (2 s), the election, and the nodes' resubscription.
        assertThat(counts.longestWait()).as("the longest wait for an ack").isLessThan(Duration.ofSeconds(30));
        redis.awaitHealthy();
        presenceCrossesTheNodesThrough(killed.promoted());
    }

    /** After the failover: presence whose leases and user channel the promoted master serves still crosses the nodes. */
    private static void presenceCrossesTheNodesThrough(int master) {
        Api api = new Api(nodeA);
        Account cid = registerServedBy(api, "Cid", master, RedisPresence::userKey);
        Account dan = registerServedBy(api, "Dan", master, id -> "pulsechat:u:" + id);
        Friends.befriend(api, cid, dan);
        try (var danWs = WsClient.connect(nodeB, dan.token()); var cidWs = WsClient.connect(nodeA, cid.token())) {
            assertThat(danWs.await(presenceOf(cid)).get("online").asBoolean()).isTrue();
            assertThat(api.get("/api/users/" + cid.id(), dan.token()).body().get("online").asBoolean()).isTrue();
        }
    }

    private static Account registerServedBy(Api api, String name, int master, java.util.function.Function<UUID, String> key) {
        for (int tries = 0; tries < 100; tries++) {
            Account account = api.register(name);
            if (redis.masterOf(key.apply(account.id())) == master) {
                return account;
            }
        }
        throw new IllegalStateException("no user of 100 whose " + name + " key master " + master + " serves");
    }

    /** Kills the master of the group conversation's channel, measures its failover, and starts it again as a replica. */
    private static final class KilledMaster implements ChaosRun.Fault {
        private final CompletableFuture<Long> failoverMillis = new CompletableFuture<>();
        private String channel;
        private int victim;
        private volatile int promoted = -1;

        @Override public String name() {
            return "redis-master";
        }

        @Override public void prepared(List<UUID> conversations) {
            channel = channel(conversations.get(0));
            victim = redis.masterOf(channel);
        }

        @Override public void inject() {
            long killedAt = System.nanoTime();
            redis.kill(victim);
            CompletableFuture.runAsync(() -> {
                promoted = Eventually.value(Duration.ofSeconds(30), () -> redis.masterOf(channel), m -> m != victim);
                failoverMillis.complete((System.nanoTime() - killedAt) / 1_000_000);
            }).exceptionally(e -> {
                failoverMillis.completeExceptionally(e);
                return null;
            });
        }

        @Override public void heal() {
            redis.start(victim);
        }

        int promoted() {
            return promoted;
        }
    }

    private static String channel(UUID conversation) {
        return "pulsechat:c:" + conversation;
    }

    private static Predicate<JsonNode> received(UUID conversation, String body) {
        return f -> f.path("type").asText().equals("receive-message")
                && f.at("/message/conversationId").asText().equals(conversation.toString())
                && f.at("/message/body").asText().equals(body);
    }

    private static Predicate<JsonNode> presenceOf(Account user) {
        return f -> f.path("type").asText().equals("presence") && f.path("userId").asText().equals(user.id().toString());
    }
}
