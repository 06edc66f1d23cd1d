package io.pulsechat.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulsechat.testing.Api;
import io.pulsechat.testing.Api.Account;
import io.pulsechat.testing.Eventually;
import io.pulsechat.testing.NodeAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * One fault scenario: a steady stream of messages in a group and in direct conversations across
 * nodes while a fault is injected and healed; senders retry what is not acknowledged (same
 * clientMessageId), clients reconnect to any live node and `sync`. Afterwards it counts what was
 * lost, duplicated or out of order in history and in what each client saw.
 */
public final class ChaosRun {
    /** A fault: break something, then repair it. */
    public interface Fault {
        String name();

        /** The run's conversations, before the stream starts: a fault may aim at what serves one of them. */
        default void prepared(List<UUID> conversations) {}

        void inject();

        void heal();
    }

    /**
     * {@code policyCloses}: sessions the server closed with 1008 (policy, e.g. flooding) or 1011 (server
     * error). {@code deliveryBackMillis}: from the heal until every participant received, live, a message
     * planned after it; -1 if one never did before the end of the stream.
     */
    public record Counts(String fault, int sent, int acked, int unacked, int unavailable, int otherErrors, int resends,
                         int lost, int duplicates, int seqGaps, int missedByClients, int recoveredBySync,
                         boolean healthyAfter, Duration longestWait, int policyCloses, long deliveryBackMillis) {
        public String line() {
            return String.format("%-10s sent=%d acked=%d unacked=%d unavailable=%d otherErrors=%d resends=%d lost=%d "
                            + "duplicates=%d seqGaps=%d missedByClients=%d recoveredBySync=%d healthyAfter=%s "
                            + "longestWaitMs=%d policyCloses=%d deliveryBackMs=%d",
                    fault, sent, acked, unacked, unavailable, otherErrors, resends, lost, duplicates, seqGaps,
                    missedByClients, recoveredBySync, healthyAfter, longestWait.toMillis(), policyCloses, deliveryBackMillis);
        }

        /** Every send acknowledged (after retries), stored once and in order, seen by every member, and healthy after. */
        public void assertNothingLost() {
            assertThat(sent).as("messages planned").isGreaterThan(100);
            assertThat(unacked).as("never acknowledged, even after retries").isZero();
            assertThat(lost).as("acknowledged but missing from history").isZero();
            assertThat(duplicates).as("stored twice").isZero();
            assertThat(seqGaps).as("seq gaps or disorder in history").isZero();
            assertThat(missedByClients).as("messages a client never got, even after sync").isZero();
            assertThat(otherErrors).as("errors other than unavailable").isZero();
            assertThat(healthyAfter).as("healthy again by itself").isTrue();
        }
    }

    private static final Duration TICK = Duration.ofMillis(50);
    private static final Duration RESEND_AFTER = Duration.ofSeconds(3);
    /**
     * A well-behaved client paces its retries: at most this many a tick (100 a second, half the per-user
     * limit, with its new messages on top), however many are waiting after an outage, and a refusal waits
     * {@link #RETRY_REFUSED_AFTER}.
     */
    private static final int MAX_RESENDS_PER_TICK = 5;
    private static final Duration RETRY_REFUSED_AFTER = Duration.ofSeconds(1);

    private final Supplier<List<? extends NodeAddress>> nodes;
    private final WebSocketClient ws;
    private final int messagesPerSecondPerSender;

    /** `nodes` answers the nodes that are up at the time of asking. */
    public ChaosRun(Supplier<List<? extends NodeAddress>> nodes, WebSocketClient ws, int messagesPerSecondPerSender) {
        this.nodes = nodes;
        this.ws = ws;
        this.messagesPerSecondPerSender = messagesPerSecondPerSender;
    }

    public Counts run(Fault fault, Duration before, Duration during, Duration after, Duration settle) {
        Api setup = new Api(nodes.get().get(0));
        List<Account> users = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            users.add(setup.register("Chaos" + i));
        }
        List<UUID> conversations = List.of(
                setup.group(users.get(0), "chaos", users.get(1), users.get(2), users.get(3)),
                setup.direct(users.get(0), users.get(1)),
                setup.direct(users.get(2), users.get(3)));
        fault.prepared(conversations);
        var state = new State();
        List<Participant> participants = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            participants.add(new Participant(users.get(i), i, state, ws, nodes));
        }
        Map<Participant, List<UUID>> memberOf = Map.of(
                participants.get(0), List.of(conversations.get(0), conversations.get(1)),
                participants.get(1), List.of(conversations.get(0), conversations.get(1)),
                participants.get(2), List.of(conversations.get(0), conversations.get(2)),
                participants.get(3), List.of(conversations.get(0), conversations.get(2)));
        memberOf.forEach(Participant::memberOf);
        Map<Participant, List<UUID>> sendsTo = Map.of(
                participants.get(0), List.of(conversations.get(0), conversations.get(1)),
                participants.get(1), List.of(conversations.get(1)),
                participants.get(2), List.of(conversations.get(0), conversations.get(2)),
                participants.get(3), List.of(conversations.get(2)));

        long start = System.nanoTime();
        long injectAt = start + before.toNanos();
        long healAt = injectAt + during.toNanos();
        long stopAt = healAt + after.toNanos();
        boolean injected = false;
        boolean healed = false;
        long generated = 0;
        while (System.nanoTime() < stopAt) {
            long now = System.nanoTime();
            if (!injected && now >= injectAt) {
                fault.inject();
                injected = true;
            }
            if (!healed && now >= healAt) {
                fault.heal();
                healed = true;
                state.healed(System.nanoTime(), generated);
            }
            long due = (now - start) * messagesPerSecondPerSender / 1_000_000_000L;
            for (; generated < due; generated++) {
                for (var entry : sendsTo.entrySet()) {
                    for (UUID conversation : entry.getValue()) {
                        entry.getKey().plan(conversation, generated);
                    }
                }
            }
            participants.forEach(p -> p.tick(RESEND_AFTER));
            LockSupport.parkNanos(TICK.toNanos());
        }
        if (!healed) {
            fault.heal();
            state.healed(System.nanoTime(), generated);
        }
        Eventually.value(settle, () -> {
            participants.forEach(p -> p.tick(RESEND_AFTER));
            return participants.stream().mapToInt(Participant::unacked).sum();
        }, unacked -> unacked == 0);
        return count(fault, conversations, participants, state);
    }

    private Counts count(Fault fault, List<UUID> conversations, List<Participant> participants, State state) {
        Api api = new Api(nodes.get().get(0));
        boolean healthy = nodes.get().stream().allMatch(n -> {
            try {
                Eventually.value(Duration.ofSeconds(60), () -> new Api(n).get("/health", null).status(), s -> s == 200);
                return true;
            } catch (AssertionError | IllegalStateException e) {
                return false;
            }
        });
        int lost = 0;
        int duplicates = 0;
        int gaps = 0;
        Map<UUID, Integer> lastSeq = new HashMap<>();
        for (UUID conversation : conversations) {
            Account member = participants.stream().filter(p -> p.conversations().contains(conversation))
                    .findFirst().orElseThrow().account;
            List<JsonNode> history = api.history(member, conversation);
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < history.size(); i++) {
                JsonNode m = history.get(i);
                if (m.get("seq").asLong() != i + 1) {
                    gaps++;
                }
                if (!ids.add(m.get("senderId").asText() + "/" + m.get("clientMessageId").asText())) {
                    duplicates++;
                }
            }
            lastSeq.put(conversation, history.size());
            for (Participant p : participants) {
                for (String acked : p.ackedIn(conversation)) {
                    if (!ids.contains(p.account.id() + "/" + acked)) {
                        lost++;
                    }
                }
            }
        }
        int missed = 0;
        int recovered = 0;
        for (Participant p : participants) {
            for (UUID conversation : p.conversations()) {
                int before = p.seen(conversation).size();
                p.syncUntil(conversation, lastSeq.get(conversation), Duration.ofSeconds(30));
                Set<Long> seen = p.seen(conversation);
                recovered += seen.size() - before;
                for (long seq = 1; seq <= lastSeq.get(conversation); seq++) {
                    if (!seen.contains(seq)) {
                        missed++;
                    }
                }
            }
            p.close();
        }
        int sent = participants.stream().mapToInt(Participant::planned).sum();
        int acked = participants.stream().mapToInt(Participant::ackedCount).sum();
        Duration longestWait = Duration.ofNanos(participants.stream().mapToLong(Participant::longestWaitNanos).max().orElse(0));
        long deliveryBack = participants.stream().mapToLong(Participant::firstLiveAfterHealNanos)
                .map(at -> at == 0 ? -1 : (at - state.healedAtNanos) / 1_000_000)
                .reduce((a, b) -> a < 0 || b < 0 ? -1 : Math.max(a, b)).orElse(-1);
        synchronized (state) {
            return new Counts(fault.name(), sent, acked, sent - acked, state.unavailable, state.otherErrors, state.resends,
                    lost, duplicates, gaps, missed, recovered, healthy, longestWait, state.policyCloses, deliveryBack);
        }
    }

    /** Counters shared by all participants (guarded by itself). */
    static final class State {
        int unavailable;
        int otherErrors;
        int resends;
        int policyCloses;
        volatile long healedAtNanos;
        /** The first message number planned after the heal; until then, none. */
        volatile long firstAfterHeal = Long.MAX_VALUE;

        void healed(long atNanos, long nextMessage) {
            healedAtNanos = atNanos;
            firstAfterHeal = nextMessage;
        }

        synchronized void closed(int statusCode) {
            if (statusCode == 1008 || statusCode == 1011) {
                policyCloses++;
            }
        }
    }

    /** A user with one connection: sends its planned messages until acked, and records what it sees. */
    private static final class Participant {
        private final Account account;
        private final State state;
        private final WebSocketClient ws;
        private final Supplier<List<? extends NodeAddress>> nodes;
        private int node;
        private ChaosClient client;
        private final Map<String, Planned> outstanding = new LinkedHashMap<>();
        private final Map<UUID, Set<String>> acked = new HashMap<>();
        private final Map<UUID, TreeSet<Long>> seen = new HashMap<>();
        private int planned;
        /** The longest time from a message's plan to its first ack. */
        private long longestWaitNanos;
        private long firstLiveAfterHealNanos;

        private record Planned(UUID conversation, String frame, long plannedAt, long[] lastAttempt) {}

        Participant(Account account, int node, State state, WebSocketClient ws, Supplier<List<? extends NodeAddress>> nodes) {
            this.account = account;
            this.node = node;
            this.state = state;
            this.ws = ws;
            this.nodes = nodes;
        }

        synchronized void memberOf(List<UUID> conversations) {
            conversations.forEach(c -> seen.computeIfAbsent(c, k -> new TreeSet<>()));
        }

        synchronized void plan(UUID conversation, long n) {
            String clientMessageId = "m-" + conversation.toString().substring(0, 8) + "-" + n;
            String frame = "{\"type\":\"send-message\",\"conversationId\":\"" + conversation + "\",\"clientMessageId\":\""
                    + clientMessageId + "\",\"body\":\"chaos " + n + "\"}";
            outstanding.put(clientMessageId, new Planned(conversation, frame, System.nanoTime(), new long[] {0}));
            planned++;
        }

        /** Reconnects when needed, then (re)sends what is due. */
        void tick(Duration resendAfter) {
            ensureConnected();
            synchronized (this) {
                if (client == null || !client.isOpen()) {
                    return;
                }
                long now = System.nanoTime();
                int resends = 0;
                for (Planned p : outstanding.values()) {
                    boolean first = p.lastAttempt()[0] == 0;
                    if (first || (resends < MAX_RESENDS_PER_TICK && now - p.lastAttempt()[0] > resendAfter.toNanos())) {
                        if (!first) {
                            resends++;
                            synchronized (state) {
                                state.resends++;
                            }
                        }
                        p.lastAttempt()[0] = now;
                        client.send(p.frame());
                    }
                }
            }
        }

        private void ensureConnected() {
            if (client != null && client.isOpen()) {
                return;
            }
            List<? extends NodeAddress> live = nodes.get();
            for (int attempt = 0; attempt < live.size(); attempt++) {
                NodeAddress target = live.get(node % live.size());
                ChaosClient fresh = ChaosClient.connect(ws, target.ws("access_token=" + account.token()), this::onFrame,
                        state::closed);
                if (fresh != null) {
                    synchronized (this) {
                        client = fresh;
                        // A new connection may have missed events: catch up from what was seen.
                        for (UUID conversation : seen.keySet()) {
                            client.send(syncFrame(conversation, contiguous(conversation)));
                        }
                    }
                    return;
                }
                node++;
            }
        }

        private long contiguous(UUID conversation) {
            long last = 0;
            for (long seq : seen.getOrDefault(conversation, new TreeSet<>())) {
                if (seq != last + 1) {
                    break;
                }
                last = seq;
            }
            return last;
        }

        private static String syncFrame(UUID conversation, long afterSeq) {
            return "{\"type\":\"sync\",\"conversationId\":\"" + conversation + "\",\"afterSeq\":" + afterSeq + ",\"limit\":200}";
        }

        private synchronized void onFrame(JsonNode frame) {
            switch (frame.path("type").asText()) {
                case "ack" -> {
                    JsonNode message = frame.get("message");
                    Planned answered = outstanding.remove(frame.get("clientMessageId").asText());
                    if (answered != null) {
                        longestWaitNanos = Math.max(longestWaitNanos, System.nanoTime() - answered.plannedAt());
                    }
                    UUID conversation = UUID.fromString(message.get("conversationId").asText());
                    acked.computeIfAbsent(conversation, k -> new HashSet<>()).add(frame.get("clientMessageId").asText());
                    seen.computeIfAbsent(conversation, k -> new TreeSet<>()).add(message.get("seq").asLong());
                }
                case "receive-message" -> {
                    JsonNode message = frame.get("message");
                    UUID conversation = UUID.fromString(message.get("conversationId").asText());
                    seen.computeIfAbsent(conversation, k -> new TreeSet<>()).add(message.get("seq").asLong());
                    String body = message.path("body").asText("");
                    if (firstLiveAfterHealNanos == 0 && body.startsWith("chaos ")
                            && Long.parseLong(body.substring(6)) >= state.firstAfterHeal) {
                        firstLiveAfterHealNanos = System.nanoTime();
                    }
                }
                case "synced" -> {
                    UUID conversation = UUID.fromString(frame.get("conversationId").asText());
                    if (frame.get("hasMore").asBoolean() && client != null) {
                        client.send(syncFrame(conversation, frame.get("lastSeq").asLong()));
                    }
                    notifyAll();
                }
                case "error" -> {
                    synchronized (state) {
                        if (frame.path("code").asText().equals("unavailable")) {
                            state.unavailable++;
                        } else {
                            state.otherErrors++;
                        }
                    }
                    String clientMessageId = frame.path("clientMessageId").asText(null);
                    Planned p = clientMessageId == null ? null : outstanding.get(clientMessageId);
                    if (p != null) {
                        // Refused: due again after a short back-off rather than the full resend interval.
                        p.lastAttempt()[0] = System.nanoTime() - RESEND_AFTER.toNanos() + RETRY_REFUSED_AFTER.toNanos();
                    }
                }
                default -> { }
            }
        }

        /** Syncs a conversation until this participant has seen every seq up to lastSeq, or the deadline. */
        void syncUntil(UUID conversation, long lastSeq, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                ensureConnected();
                synchronized (this) {
                    if (contiguous(conversation) >= lastSeq) {
                        return;
                    }
                    if (client != null) {
                        client.send(syncFrame(conversation, contiguous(conversation)));
                    }
                    try {
                        wait(Math.max(1, Math.min(1000, (deadline - System.nanoTime()) / 1_000_000)));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        synchronized Set<UUID> conversations() {
            return Set.copyOf(seen.keySet());
        }

        synchronized Set<Long> seen(UUID conversation) {
            return Set.copyOf(seen.getOrDefault(conversation, new TreeSet<>()));
        }

        synchronized Set<String> ackedIn(UUID conversation) {
            return Set.copyOf(acked.getOrDefault(conversation, Set.of()));
        }

        synchronized int unacked() {
            return outstanding.size();
        }

        synchronized long firstLiveAfterHealNanos() {
            return firstLiveAfterHealNanos;
        }

        synchronized int planned() {
            return planned;
        }

        synchronized long longestWaitNanos() {
            return longestWaitNanos;
        }

        synchronized int ackedCount() {
            return acked.values().stream().mapToInt(Set::size).sum();
        }

        synchronized void close() {
            if (client != null) {
                client.close();
            }
        }
    }
}
