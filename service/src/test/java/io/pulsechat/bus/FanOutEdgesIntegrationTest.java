package io.pulsechat.bus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.pulsechat.compat.SioClient;
import io.pulsechat.testing.Api;
import io.pulsechat.testing.Api.Account;
import io.pulsechat.testing.Eventually;
import io.pulsechat.testing.Teardown;
import io.pulsechat.testing.TestNode;
import io.pulsechat.testing.TestStack;
import io.pulsechat.testing.WsClient;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * Interest-based fan-out (issue 25): a node hears a conversation only while a session there needs it,
 * so the edges are where messages could slip through. Sessions connect, members are added and
 * Socket.IO sockets join on node B while messages stream from node A; each one's view must be
 * gap-free after its first `synced` (after its JOIN, for Socket.IO), and reach the last message live.
 */
class FanOutEdgesIntegrationTest {
    private static final int TAIL_ROUNDS = 20;
    private static final int MAX_ROUNDS = 150;
    private static final int EACH = 4;
    private static final int QUIET_GROUPS = 3000;
    /** The stream's last round, announced before it is sent. */
    private static volatile long lastRound = Long.MAX_VALUE;
    private static TestNode nodeA;
    private static TestNode nodeB;
    private static Api api;

    @BeforeAll
    static void startNodes() {
        ConfigOverride[] settings = {ConfigOverride.config("compat.pulsechatFrontend.enabled", "true"),
                ConfigOverride.config("messages.sendsPerSecond", "5000"), ConfigOverride.config("messages.sendBurst", "5000"),
                ConfigOverride.config("redis.unsubscribeAfter", "1s")};
        nodeA = TestNode.start("edges-a", settings);
        nodeB = TestNode.start("edges-b", settings);
        api = new Api(nodeA);
    }

    @AfterAll
    static void stopNodes() {
        Teardown.closeAll(nodeB, nodeA);
    }

    @Test
    void sessionsThatConnectJoinOrAreAddedWhileMessagesStreamSeeEveryMessageAfterTheirFirstSynced() {
        Account streamer = api.register("Streamer");
        List<Account> late = accounts("Late");
        // Many conversations make hearing all of them take a while: a session that read history before its
        // node heard its conversation would miss what was stored in between.
        late.forEach(user -> memberOfQuietGroups(user, QUIET_GROUPS));
        List<Account> joiners = accounts("Joiner");
        List<Account> roomUsers = accounts("Room");
        // Each group has one session on node B at most, so each connect, add or join subscribes node B anew.
        List<UUID> lateGroups = late.stream().map(u -> api.group(streamer, "late", u)).toList();
        // A group needs a second member: one with no session anywhere.
        Account absent = api.register("Absent");
        List<UUID> joinGroups = joiners.stream().map(u -> api.group(streamer, "join", absent)).toList();
        List<UUID> roomGroups = roomUsers.stream().map(u -> api.group(streamer, "room", u)).toList();
        List<UUID> all = new ArrayList<>(lateGroups);
        all.addAll(joinGroups);
        all.addAll(roomGroups);
        List<WsClient> joinerSessions = joiners.stream().map(j -> WsClient.connect(nodeB, j.token())).toList();
        // A thread for each edge: each watches its group to the end of the stream, and they must overlap.
        ExecutorService threads = Executors.newFixedThreadPool(3 * EACH);
        var watching = new CountDownLatch(3 * EACH);
        List<Runnable> edges = new ArrayList<>();
        for (int i = 0; i < EACH; i++) {
            int n = i;
            edges.add(() -> lateSession(late.get(n), lateGroups.get(n), watching));
            edges.add(() -> addedMember(streamer, joiners.get(n), joinerSessions.get(n), joinGroups.get(n), watching));
            edges.add(() -> joinedSocket(roomUsers.get(n), roomGroups.get(n), watching));
        }

        List<CompletableFuture<Void>> views = new ArrayList<>();
        try (var stream = WsClient.connect(nodeA, streamer.token())) {
            // Rounds of one message to every group; an edge starts every other round, and the stream goes on
            // until every edge watches its group, then for a tail of rounds, the last one announced first.
            long tail = Long.MAX_VALUE;
            for (long round = 1; round <= tail; round++) {
                if (round == tail) {
                    lastRound = round;
                }
                for (UUID group : all) {
                    stream.sendMessage(group, "m-" + round + "-" + group, "message " + round);
                    // A steady stream, about 1,000 messages a second: pacing, not synchronisation.
                    LockSupport.parkNanos(1_000_000);
                }
                if (round % 2 == 0 && views.size() < edges.size()) {
                    views.add(CompletableFuture.runAsync(edges.get(views.size()), threads));
                }
                if (tail == Long.MAX_VALUE && watching.getCount() == 0) {
                    tail = round + TAIL_ROUNDS;
                }
                assertThat(round).as("rounds before every edge watched its group").isLessThan(MAX_ROUNDS);
            }
            CompletableFuture.allOf(views.toArray(CompletableFuture[]::new)).join();
            String last = "message " + lastRound;
            Set<String> unacked = new HashSet<>(all.stream().map(UUID::toString).toList());
            stream.await(f -> {
                if (f.path("type").asText().equals("ack") && f.at("/message/body").asText().equals(last)) {
                    unacked.remove(f.at("/message/conversationId").asText());
                }
                return unacked.isEmpty();
            });
            assertThat(stream.seen()).as("the stream's sends, all acknowledged")
                    .noneMatch(f -> f.path("type").asText().equals("error"));
        } finally {
            joinerSessions.forEach(WsClient::close);
            threads.shutdownNow();
        }
    }

    @Test
    void aNodeHearsAConversationOnlyWhileOneOfItsSessionsNeedsIt() {
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        UUID chat = api.direct(ann, bob);
        String channel = "pulsechat:c:" + chat;
        try (var annWs = WsClient.connect(nodeA, ann.token())) {
            assertThat(subscribers(channel)).as("only node A has a session of the conversation").isEqualTo(1);
            try (var bobWs = WsClient.connect(nodeB, bob.token())) {
                assertThat(subscribers(channel)).as("node B subscribed before Bob's `ready`").isEqualTo(2);
                annWs.sendMessage(chat, "hello-1", "hello");
                assertThat(bobWs.awaitType("receive-message").at("/message/body").asText()).isEqualTo("hello");
            }
            assertThat(Eventually.value(Duration.ofSeconds(10), () -> subscribers(channel), n -> n == 1))
                    .as("node B let go after its last session closed, once the linger passed").isEqualTo(1L);
        }
    }

    /** Connects to node B mid-stream, syncs from the start, and must see the rest live. */
    private static void lateSession(Account user, UUID group, CountDownLatch watching) {
        try (var ws = WsClient.connect(nodeB, user.token())) {
            ws.send(Map.of("type", "sync", "conversationId", group.toString(), "afterSeq", 0, "limit", 200));
            watching.countDown();
            assertGapFreeAfterFirstSynced(ws, group, user.name());
        }
    }

    /** Added mid-stream while connected to node B: told once B hears the group, then syncs and must see the rest live. */
    private static void addedMember(Account admin, Account user, WsClient ws, UUID group, CountDownLatch watching) {
        Api.Reply added = api.post("/api/conversations/" + group + "/members", Map.of("userId", user.id().toString()),
                admin.token());
        assertThat(added.status()).as("add " + user.name()).isEqualTo(200);
        ws.await(f -> f.path("type").asText().equals("conversation-updated")
                && f.at("/conversation/id").asText().equals(group.toString()));
        ws.send(Map.of("type", "sync", "conversationId", group.toString(), "afterSeq", 0, "limit", 200));
        watching.countDown();
        assertGapFreeAfterFirstSynced(ws, group, user.name());
    }

    /** A Socket.IO socket on node B JOINs mid-stream: every message after the first it gets comes, in order, to the last. */
    private static void joinedSocket(Account user, UUID group, CountDownLatch watching) {
        try (var socket = SioClient.connect(nodeB, user.token(), "websocket")) {
            assertThat(socket.join(group.toString())).as("JOIN acked without an error").isEmpty();
            watching.countDown();
            List<String> seen = new ArrayList<>();
            while (true) {
                var event = socket.await(e -> e.name().equals("MESSAGE"));
                seen.add(event.payload().getString("id"));
                if (event.payload().getString("body").equals("message " + lastRound)) {
                    break;
                }
            }
            Map<String, Long> seqs = new HashMap<>();
            api.history(user, group).forEach(m -> seqs.put(m.get("id").asText(), m.get("seq").asLong()));
            List<Long> seenSeqs = seen.stream().map(seqs::get).toList();
            long first = seenSeqs.get(0);
            assertThat(seenSeqs).as(user.name() + "'s MESSAGEs after its JOIN")
                    .containsExactlyElementsOf(LongStream.rangeClosed(first, seqs.size()).boxed().toList());
        }
    }

    private static void assertGapFreeAfterFirstSynced(WsClient ws, UUID group, String who) {
        long last = ws.await(f -> isMessageOf(f, group) && f.at("/message/body").asText().equals("message " + lastRound),
                Duration.ofSeconds(60)).at("/message/seq").asLong();
        List<JsonNode> frames = ws.seen().stream()
                .filter(f -> isMessageOf(f, group) || f.path("type").asText().equals("synced")).toList();
        int synced = IntStream.range(0, frames.size())
                .filter(i -> frames.get(i).path("type").asText().equals("synced")).findFirst()
                .orElseThrow(() -> new AssertionError(who + " never got `synced`"));
        long lastSeq = frames.get(synced).get("lastSeq").asLong();
        // A message whose event was still on its way while `sync` read it comes once more: clients drop it by id.
        List<Long> after = frames.subList(synced + 1, frames.size()).stream()
                .filter(f -> isMessageOf(f, group)).map(f -> f.at("/message/seq").asLong()).filter(seq -> seq > lastSeq)
                .toList();
        assertThat(lastSeq).as(who + " synced while the stream still ran").isLessThan(last);
        assertThat(after).as(who + "'s new messages after `synced` up to " + lastSeq)
                .containsExactlyElementsOf(LongStream.rangeClosed(lastSeq + 1, last).boxed().toList());
    }

    private static boolean isMessageOf(JsonNode frame, UUID group) {
        return frame.path("type").asText().equals("receive-message")
                && frame.at("/message/conversationId").asText().equals(group.toString());
    }

    private static List<Account> accounts(String kind) {
        return IntStream.range(0, EACH).mapToObj(i -> api.register(kind + i)).toList();
    }

    /** Written straight into PostgreSQL: thousands of groups through the API would take minutes. */
    private static void memberOfQuietGroups(Account user, int count) {
        try (Connection db = DriverManager.getConnection(TestStack.get().databaseUrl, "chat", "chat");
             var insert = db.prepareStatement("WITH made AS (INSERT INTO conversations (id, name, is_group) "
                     + "SELECT gen_random_uuid(), 'quiet', true FROM generate_series(1, ?) RETURNING id) "
                     + "INSERT INTO members (conversation_id, user_id, role) SELECT id, ?, 'admin' FROM made")) {
            insert.setInt(1, count);
            insert.setObject(2, user.id());
            assertThat(insert.executeUpdate()).isEqualTo(count);
        } catch (SQLException e) {
            throw new IllegalStateException("making quiet groups failed", e);
        }
    }

    /** How many connections are subscribed to a sharded channel: how many nodes hear it. */
    private static long subscribers(String channel) {
        URI redis = URI.create(TestStack.get().redisUrl);
        try (var jedis = new Jedis(redis.getHost(), redis.getPort())) {
            List<?> reply = (List<?>) jedis.sendCommand(Protocol.Command.PUBSUB, "SHARDNUMSUB", channel);
            return (Long) reply.get(1);
        }
    }
}
