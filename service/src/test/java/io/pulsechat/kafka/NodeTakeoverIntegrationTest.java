package io.pulsechat.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulsechat.testing.Api;
import io.pulsechat.testing.Api.Account;
import io.pulsechat.testing.Teardown;
import io.pulsechat.testing.Eventually;
import io.pulsechat.testing.NodeProcess;
import io.pulsechat.testing.TestStack;
import io.pulsechat.testing.WsClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node killed (SIGKILL) or stopped (SIGTERM) while a user on another node writes into the
 * conversations whose partitions it stored: another node stores them again within a bound, and
 * nothing is lost, stored twice or out of order. The nodes use a topic and consumer group of their
 * own, so that they are the group's only members and the test knows who owns which partition.
 */
class NodeTakeoverIntegrationTest {
    private static final Duration KILLED_TAKEOVER_BOUND = Duration.ofSeconds(7);
    private static final Duration STOPPED_TAKEOVER_BOUND = Duration.ofSeconds(3);
    private static final int PARTITIONS = 8;
    private static final Duration SEND_EVERY = Duration.ofMillis(50);

    private static final String TOPIC = "takeover-" + UUID.randomUUID();
    /** Each test takes one of these away; the user who writes stays connected to `staying`. */
    private static NodeProcess killed;
    private static NodeProcess stopped;
    private static NodeProcess staying;
    private static Admin admin;

    @BeforeAll
    static void startThreeNodes() {
        List<String> ownTopic = List.of("-Ddw.kafka.topic=" + TOPIC, "-Ddw.kafka.deadLetterTopic=" + TOPIC + ".dlq",
                "-Ddw.kafka.consumerGroup=" + TOPIC, "-Ddw.kafka.partitions=" + PARTITIONS);
        var k = CompletableFuture.supplyAsync(() -> NodeProcess.onTestStack("takeover-killed", ownTopic));
        var t = CompletableFuture.supplyAsync(() -> NodeProcess.onTestStack("takeover-stopped", ownTopic));
        var s = CompletableFuture.supplyAsync(() -> NodeProcess.onTestStack("takeover-staying", ownTopic));
        // Each node that did start is kept for stopAll, even when another failed.
        killed = k.exceptionally(e -> null).join();
        stopped = t.exceptionally(e -> null).join();
        staying = s.exceptionally(e -> null).join();
        CompletableFuture.allOf(k, t, s).join();
        var props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.get().kafkaBootstrap);
        admin = Admin.create(props);
    }

    @AfterAll
    static void stopAll() throws Exception {
        Teardown.closeAll(admin, killed, stopped, staying);
    }

    @Test
    void aKilledNodesConversationsAreStoredAgainWithinSevenSeconds() throws Exception {
        Takeover takeover = streamWhile(killed, killed::kill);

        System.out.printf("SIGKILL takeover: first stored %d ms after the kill; longest wait of a message %d ms%n",
                takeover.firstStoredAfter().toMillis(), takeover.longestWait().toMillis());
        assertThat(takeover.firstStoredAfter()).isLessThan(KILLED_TAKEOVER_BOUND);
    }

    @Test
    void aStoppedNodeHandsItsConversationsOverAtOnce() throws Exception {
        Takeover takeover = streamWhile(stopped, () -> stopped.terminate());

        System.out.printf("SIGTERM takeover: first stored %d ms after the stop; longest wait of a message %d ms%n",
                takeover.firstStoredAfter().toMillis(), takeover.longestWait().toMillis());
        assertThat(takeover.longestWait()).isLessThan(STOPPED_TAKEOVER_BOUND);
    }

    /**
     * How long the leaving node's conversations stood still: from the fault to the first stored message
     * that was sent after it (only another node can have stored that one), and the longest any message
     * waited for its ack after the fault (counted from the fault for those sent before it).
     */
    private record Takeover(Duration firstStoredAfter, Duration longestWait) {}

    private Takeover streamWhile(NodeProcess leaving, Runnable fault) throws Exception {
        Api api = new Api(staying);
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        // The node that stays also stores a conversation of its own, as every node of a cluster does.
        List<UUID> moving = conversationsStoredBy(leaving, 2, api, ann, bob);
        List<UUID> chats = new ArrayList<>(moving);
        chats.addAll(conversationsStoredBy(staying, 1, api, ann, bob));
        Map<String, UUID> chatOf = new ConcurrentHashMap<>();
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> ackedAt = new HashMap<>();
        var sent = new AtomicInteger();
        ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
        try (var annWs = WsClient.connect(staying, ann.token())) {
            sender.scheduleAtFixedRate(() -> {
                int n = sent.getAndIncrement();
                UUID chat = chats.get(n % chats.size());
                chatOf.put("t-" + n, chat);
                sentAt.put("t-" + n, System.nanoTime());
                annWs.sendMessage(chat, "t-" + n, "message " + n);
            }, 0, SEND_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            awaitAcks(annWs, ackedAt, () -> ackedAt.size() >= 20, Duration.ofSeconds(20));

            long faultAt = System.nanoTime();
            CompletableFuture<Void> faulted = CompletableFuture.runAsync(fault);
            Predicate<String> movedAndSentAfter =
                    id -> moving.contains(chatOf.get(id)) && sentAt.get(id) > faultAt;
            awaitAcks(annWs, ackedAt, () -> ackedAt.keySet().stream().anyMatch(movedAndSentAfter), Duration.ofSeconds(30));
            faulted.get(60, TimeUnit.SECONDS);
            long firstAfter = ackedAt.entrySet().stream().filter(a -> movedAndSentAfter.test(a.getKey()))
                    .mapToLong(Map.Entry::getValue).min().orElseThrow();
            // A little more of the stream on the node that stayed, then every message must be acknowledged.
            int more = sent.get() + 20;
            awaitAcks(annWs, ackedAt, () -> ackedAt.size() >= more, Duration.ofSeconds(20));
            sender.shutdown();
            assertThat(sender.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            awaitAcks(annWs, ackedAt, () -> ackedAt.size() == sent.get(), Duration.ofSeconds(20));

            long longestWait = ackedAt.entrySet().stream()
                    .filter(a -> moving.contains(chatOf.get(a.getKey())) && a.getValue() > faultAt)
                    .mapToLong(a -> a.getValue() - Math.max(sentAt.get(a.getKey()), faultAt)).max().orElseThrow();
            assertStoredOnceInOrder(api, bob, chats, sent.get());
            return new Takeover(Duration.ofNanos(firstAfter - faultAt), Duration.ofNanos(longestWait));
        } finally {
            sender.shutdownNow();
        }
    }

    /** Waits for acks (recording when each first arrived) until the condition holds. */
    private static void awaitAcks(WsClient ws, Map<String, Long> ackedAt, BooleanSupplier done,
                                  Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            assertThat(left.isNegative()).as("acks not in within %s; %d acked", timeout, ackedAt.size()).isFalse();
            JsonNode ack = ws.await(f -> f.path("type").asText().equals("ack"), left);
            ackedAt.putIfAbsent(ack.get("clientMessageId").asText(), System.nanoTime());
        }
    }

    /** New group conversations of Ann and Bob whose partitions `node` stores. */
    private static List<UUID> conversationsStoredBy(NodeProcess node, int count, Api api, Account ann, Account bob) {
        Set<Integer> owned = partitionsOf(node);
        List<UUID> chats = new ArrayList<>();
        for (int i = 0; i < 60 && chats.size() < count; i++) {
            UUID chat = api.group(ann, "takeover " + i, bob);
            if (owned.contains(BuiltInPartitioner.partitionForKey(chat.toString().getBytes(StandardCharsets.UTF_8), PARTITIONS))) {
                chats.add(chat);
            }
        }
        assertThat(chats).as("conversations in partitions %s", owned).hasSize(count);
        return chats;
    }

    /** The partitions a node's consumer holds once the group has settled with the live nodes in it. */
    private static Set<Integer> partitionsOf(NodeProcess node) {
        long live = Stream.of(killed, stopped, staying).filter(NodeProcess::isAlive).count();
        Map<String, Set<Integer>> byClient = Eventually.value(Duration.ofSeconds(30), NodeTakeoverIntegrationTest::assignment,
                a -> a.size() == live && a.values().stream().mapToInt(Set::size).sum() == PARTITIONS
                        && a.values().stream().noneMatch(Set::isEmpty));
        return byClient.get("pulsechat-" + node.id() + "-0");
    }

    private static Map<String, Set<Integer>> assignment() {
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(TOPIC)).all().get(10, TimeUnit.SECONDS)
                    .get(TOPIC);
            if (group.groupState() != GroupState.STABLE) {
                return Map.of();
            }
            return group.members().stream().collect(Collectors.toMap(MemberDescription::clientId,
                    m -> m.assignment().topicPartitions().stream().map(TopicPartition::partition).collect(Collectors.toSet())));
        } catch (Exception e) {
            throw new IllegalStateException("cannot describe consumer group " + TOPIC, e);
        }
    }

    private static void assertStoredOnceInOrder(Api api, Account reader, List<UUID> chats, int sent) {
        List<String> stored = new ArrayList<>();
        for (UUID chat : chats) {
            List<JsonNode> history = api.history(reader, chat);
            assertThat(history).extracting(m -> m.get("seq").asLong())
                    .as("gap-free seqs").containsExactlyElementsOf(LongStream.rangeClosed(1, history.size()).boxed().toList());
            history.forEach(m -> stored.add(m.get("clientMessageId").asText()));
        }
        assertThat(stored).as("every message stored exactly once").hasSize(sent).doesNotHaveDuplicates();
    }
}
