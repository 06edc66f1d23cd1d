package io.pulsechat.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulsechat.testing.Api;
import io.pulsechat.testing.Api.Account;
import io.pulsechat.testing.TestNode;
import io.pulsechat.testing.WsClient;
import io.pulsechat.testing.Teardown;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pipeline's promises across two nodes that share PostgreSQL, Redis and Kafka. */
class MessagingIntegrationTest {
    private static TestNode nodeA;
    private static TestNode nodeB;
    private static Api apiA;
    private static Api apiB;

    @BeforeAll
    static void startNodes() {
        nodeA = TestNode.start("node-a");
        nodeB = TestNode.start("node-b");
        apiA = new Api(nodeA);
        apiB = new Api(nodeB);
    }

    @AfterAll
    static void stopNodes() {
        Teardown.closeAll(nodeB, nodeA);
    }

    @Test
    void aMessageIsAckedToItsSenderAndDeliveredAcrossNodesBothWays() {
        Account ann = apiA.register("Ann");
        Account bob = apiA.register("Bob");
        UUID chat = apiA.direct(ann, bob);
        try (var annWs = WsClient.connect(nodeA, ann.token()); var bobWs = WsClient.connect(nodeB, bob.token())) {
            annWs.sendMessage(chat, "a-1", "hello from A");
            JsonNode ack = annWs.awaitType("ack");
            JsonNode received = bobWs.awaitType("receive-message");

            assertThat(ack.get("clientMessageId").asText()).isEqualTo("a-1");
            assertThat(ack.at("/message/seq").asLong()).isEqualTo(1);
            assertThat(received.get("message")).isEqualTo(ack.get("message"));
            assertThat(received.at("/message/senderId").asText()).isEqualTo(ann.id().toString());

            bobWs.sendMessage(chat, "b-1", "hello from B");
            assertThat(bobWs.awaitType("ack").at("/message/seq").asLong()).isEqualTo(2);
            assertThat(annWs.awaitType("receive-message").at("/message/body").asText()).isEqualTo("hello from B");
        }
    }

    @Test
    void theSendersOtherDevicesReceiveButTheSendingSessionGetsOnlyTheAck() {
        Account ann = apiA.register("Ann");
        Account bob = apiA.register("Bob");
        UUID chat = apiA.direct(ann, bob);
        try (var phone = WsClient.connect(nodeA, ann.token()); var laptop = WsClient.connect(nodeB, ann.token());
             var bobWs = WsClient.connect(nodeA, bob.token())) {
            phone.sendMessage(chat, "multi-1", "first");
            phone.sendMessage(chat, "multi-2", "second");
            phone.await(f -> f.path("clientMessageId").asText().equals("multi-2") && f.path("type").asText().equals("ack"));
            laptop.await(f -> f.at("/message/clientMessageId").asText().equals("multi-2"));
            bobWs.await(f -> f.at("/message/clientMessageId").asText().equals("multi-2"));

            assertThat(phone.drain()).noneMatch(f -> f.path("type").asText().equals("receive-message"));
            assertThat(laptop.drain()).filteredOn(f -> f.path("type").asText().equals("receive-message")).hasSize(2);
        }
    }

    @Test
    void concurrentSendersGetGapFreeSeqsInTheSameOrderEverywhere() {
        Account[] senders = {apiA.register("S1"), apiA.register("S2"), apiA.register("S3")};
        Account reader = apiA.register("Reader");
        UUID group = apiA.group(senders[0], "busy", senders[1], senders[2], reader);
        var sockets = List.of(WsClient.connect(nodeA, senders[0].token()), WsClient.connect(nodeB, senders[1].token()),
                WsClient.connect(nodeA, senders[2].token()));
        try (var readerA = WsClient.connect(nodeA, reader.token()); var readerB = WsClient.connect(nodeB, reader.token())) {
            var sending = IntStream.range(0, 3).mapToObj(s -> CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 50; i++) {
                    sockets.get(s).sendMessage(group, "s" + s + "-" + i, "message " + i + " from sender " + s);
                }
            })).toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(sending).join();

            List<Long> expected = LongStream.rangeClosed(1, 150).boxed().toList();
            List<String> orderA = receivedIds(readerA, 150);
            List<String> orderB = receivedIds(readerB, 150);
            assertThat(seqs(readerA)).containsExactlyElementsOf(expected);
            assertThat(seqs(readerB)).containsExactlyElementsOf(expected);
            assertThat(orderB).containsExactlyElementsOf(orderA);

            List<JsonNode> history = apiB.history(reader, group);
            assertThat(history).extracting(m -> m.get("seq").asLong()).containsExactlyElementsOf(expected);
            assertThat(history).extracting(m -> m.get("id").asText()).containsExactlyElementsOf(orderA);
            for (int s = 0; s < 3; s++) {
                int sender = s;
                List<String> own = history.stream().filter(m -> m.get("senderId").asText().equals(senders[sender].id().toString()))
                        .map(m -> m.get("clientMessageId").asText()).toList();
                assertThat(own).as("one sender's messages keep the order they were sent in")
                        .containsExactlyElementsOf(IntStream.range(0, 50).mapToObj(i -> "s" + sender + "-" + i).toList());
            }
        } finally {
            sockets.forEach(WsClient::close);
        }
    }

    @Test
    void aRetryWithTheSameClientMessageIdGivesOneMessageAndReAcksIt() {
        Account ann = apiA.register("Ann");
        Account bob = apiA.register("Bob");
        UUID chat = apiA.direct(ann, bob);
        try (var first = WsClient.connect(nodeA, ann.token())) {
            first.sendMessage(chat, "retry-1", "only once");
            JsonNode ack = first.awaitType("ack");
            try (var afterReconnect = WsClient.connect(nodeB, ann.token())) {
                afterReconnect.sendMessage(chat, "retry-1", "only once");
                JsonNode reAck = afterReconnect.awaitType("ack");
                assertThat(reAck.get("message")).isEqualTo(ack.get("message"));
            }
        }
        var rest = apiB.post("/api/messages", Map.of("conversationId", chat.toString(), "clientMessageId", "retry-1",
                "body", "only once"), ann.token());
        assertThat(rest.status()).isEqualTo(201);
        assertThat(apiA.history(bob, chat)).hasSize(1);
        assertThat(rest.body().get("id").asText()).isEqualTo(apiA.history(bob, chat).get(0).get("id").asText());
    }

    @Test
    void aClientMessageIdReusedInAnotherConversationReAcksTheFirstMessageAndShowsItToNoOneThere() {
        Account ann = apiA.register("Ann");
        Account bob = apiA.register("Bob");
        Account carol = apiA.register("Carol");
        UUID withBob = apiA.direct(ann, bob);
        UUID withCarol = apiA.direct(ann, carol);
        try (var annWs = WsClient.connect(nodeA, ann.token()); var carolWs = WsClient.connect(nodeB, carol.token())) {
            annWs.sendMessage(withBob, "reused-1", "for Bob only");
            JsonNode first = annWs.awaitType("ack").get("message");

            annWs.sendMessage(withCarol, "reused-1", "meant for Carol");
            JsonNode again = annWs.await(f -> f.path("type").asText().equals("ack")
                    && f.path("clientMessageId").asText().equals("reused-1"));
            annWs.sendMessage(withCarol, "after-1", "then this");
            // Same conversation, so the same partition: anything the reused id caused reaches Carol before this.
            carolWs.await(f -> f.at("/message/clientMessageId").asText().equals("after-1"));

            assertThat(again.get("message")).isEqualTo(first);
            assertThat(carolWs.seen()).noneMatch(f -> f.at("/message/conversationId").asText().equals(withBob.toString()));
            assertThat(apiA.history(carol, withCarol)).extracting(m -> m.get("clientMessageId").asText())
                    .containsExactly("after-1");
        }
    }

    @Test
    void aReceiverWhoMissedMessagesRecoversExactlyThemWithSync() {
        Account ann = apiA.register("Ann");
        Account bob = apiA.register("Bob");
        UUID chat = apiA.direct(ann, bob);
        try (var annWs = WsClient.connect(nodeA, ann.token())) {
            long lastSeen;
            try (var bobWs = WsClient.connect(nodeB, bob.token())) {
                annWs.sendMessage(chat, "before", "seen live");
                lastSeen = bobWs.awaitType("receive-message").at("/message/seq").asLong();
            }
            for (int i = 0; i < 20; i++) {
                annWs.sendMessage(chat, "missed-" + i, "missed " + i);
            }
            annWs.await(f -> f.path("clientMessageId").asText().equals("missed-19") && f.path("type").asText().equals("ack"));

            try (var bobAgain = WsClient.connect(nodeA, bob.token())) {
                bobAgain.send(Map.of("type", "sync", "conversationId", chat.toString(), "afterSeq", lastSeen));
                JsonNode synced = bobAgain.awaitType("synced");

                List<JsonNode> recovered = bobAgain.seen().stream()
                        .filter(f -> f.path("type").asText().equals("receive-message")).toList();
                assertThat(recovered).extracting(f -> f.at("/message/clientMessageId").asText())
                        .containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(i -> "missed-" + i).toList());
                assertThat(recovered).extracting(f -> f.at("/message/seq").asLong())
                        .containsExactlyElementsOf(LongStream.rangeClosed(lastSeen + 1, lastSeen + 20).boxed().toList());
                assertThat(synced.get("lastSeq").asLong()).isEqualTo(lastSeen + 20);
                assertThat(synced.get("hasMore").asBoolean()).isFalse();
            }
        }
    }

    @Test
    void syncPagesWithHasMore() {
        Account ann = apiA.register("Ann");
        Account bob = apiA.register("Bob");
        UUID chat = apiA.direct(ann, bob);
        try (var annWs = WsClient.connect(nodeA, ann.token())) {
            for (int i = 0; i < 5; i++) {
                annWs.sendMessage(chat, "page-" + i, "m" + i);
            }
            annWs.await(f -> f.path("clientMessageId").asText().equals("page-4") && f.path("type").asText().equals("ack"));
            annWs.send(Map.of("type", "sync", "conversationId", chat.toString(), "afterSeq", 0, "limit", 3));
            JsonNode synced = annWs.awaitType("synced");

            assertThat(synced.get("lastSeq").asLong()).isEqualTo(3);
            assertThat(synced.get("hasMore").asBoolean()).isTrue();
        }
    }

    @Test
    void aNonMemberCannotSendReadOrSync() {
        Account ann = apiA.register("Ann");
        Account bob = apiA.register("Bob");
        Account eve = apiA.register("Eve");
        UUID chat = apiA.direct(ann, bob);
        try (var eveWs = WsClient.connect(nodeA, eve.token())) {
            eveWs.sendMessage(chat, "intrude", "let me in");
            JsonNode error = eveWs.awaitType("error");
            assertThat(error.get("code").asText()).isEqualTo("not_found");
            assertThat(error.get("clientMessageId").asText()).isEqualTo("intrude");

            eveWs.send(Map.of("type", "sync", "conversationId", chat.toString(), "afterSeq", 0));
            assertThat(eveWs.awaitType("error").get("code").asText()).isEqualTo("not_found");
        }
        assertThat(apiA.get("/api/messages?conversationId=" + chat, eve.token()).status()).isEqualTo(404);
        assertThat(apiA.post("/api/messages", Map.of("conversationId", chat.toString(), "clientMessageId", "x",
                "body", "hi"), eve.token()).status()).isEqualTo(404);
        assertThat(apiA.get("/api/conversations/" + chat, eve.token()).status()).isEqualTo(404);
        assertThat(apiA.history(ann, chat)).isEmpty();
    }

    @Test
    void badFramesGetAnErrorAndTheSessionStaysOpen() {
        Account ann = apiA.register("Ann");
        Account bob = apiA.register("Bob");
        UUID chat = apiA.direct(ann, bob);
        try (var ws = WsClient.connect(nodeA, ann.token())) {
            List<String> bad = List.of("not json", "[1,2]", "{\"type\":\"dance\"}", "{\"no\":\"type\"}",
                    "{\"type\":\"send-message\",\"conversationId\":\"" + chat + "\",\"clientMessageId\":\"c\"}",
                    "{\"type\":\"send-message\",\"conversationId\":\"nope\",\"clientMessageId\":\"c\",\"body\":\"x\"}",
                    "{\"type\":\"send-message\",\"conversationId\":\"" + chat + "\",\"clientMessageId\":\"c\",\"body\":\"\"}",
                    "{\"type\":\"send-message\",\"conversationId\":\"" + chat + "\",\"clientMessageId\":\"c\",\"body\":\"a\\u0000b\"}",
                    "{\"type\":\"sync\",\"conversationId\":\"" + chat + "\",\"afterSeq\":-1}");
            List<String> codes = new ArrayList<>();
            for (String frame : bad) {
                ws.sendRaw(frame);
                codes.add(ws.awaitType("error").get("code").asText());
            }
            ws.sendMessage(chat, "long", "x".repeat(4001));
            JsonNode tooLong = ws.awaitType("error");

            assertThat(codes).containsOnly("bad_request").hasSize(bad.size());
            assertThat(tooLong.get("code").asText()).isEqualTo("too_large");
            ws.send(Map.of("type", "ping"));
            ws.awaitType("pong");
            ws.sendMessage(chat, "fine", "still works");
            assertThat(ws.awaitType("ack").at("/message/body").asText()).isEqualTo("still works");
        }
    }

    @Test
    void aFrameOverTheSizeLimitClosesWith1009() {
        Account ann = apiA.register("Ann");
        try (var ws = WsClient.connect(nodeA, ann.token())) {
            ws.sendRaw("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}");
            assertThat(ws.awaitClose()).isEqualTo(1009);
        }
    }

    @Test
    void restSendAnswersTheStoredMessageAndHistoryPagesBothWays() {
        Account ann = apiA.register("Ann");
        Account bob = apiA.register("Bob");
        UUID chat = apiA.direct(ann, bob);
        try (var bobWs = WsClient.connect(nodeB, bob.token())) {
            for (int i = 1; i <= 5; i++) {
                var reply = apiA.post("/api/messages", Map.of("conversationId", chat.toString(),
                        "clientMessageId", "rest-" + i, "body", "rest " + i), ann.token());
                assertThat(reply.status()).isEqualTo(201);
                assertThat(reply.body().get("seq").asLong()).isEqualTo(i);
            }
            bobWs.await(f -> f.at("/message/clientMessageId").asText().equals("rest-5"));
        }
        var newest = apiB.get("/api/messages?conversationId=" + chat + "&limit=2", bob.token());
        var before = apiB.get("/api/messages?conversationId=" + chat + "&beforeSeq=4&limit=2", bob.token());
        var after = apiB.get("/api/messages?conversationId=" + chat + "&afterSeq=3&limit=2", bob.token());

        assertThat(newest.body().get("items")).extracting(m -> m.get("seq").asLong()).containsExactly(4L, 5L);
        assertThat(newest.body().get("hasMore").asBoolean()).isTrue();
        assertThat(before.body().get("items")).extracting(m -> m.get("seq").asLong()).containsExactly(2L, 3L);
        assertThat(before.body().get("hasMore").asBoolean()).isTrue();
        assertThat(after.body().get("items")).extracting(m -> m.get("seq").asLong()).containsExactly(4L, 5L);
        assertThat(after.body().get("hasMore").asBoolean()).isFalse();
        assertThat(apiB.get("/api/messages?conversationId=" + chat + "&limit=201", bob.token()).status()).isEqualTo(400);
        assertThat(apiB.get("/api/messages?conversationId=" + chat + "&afterSeq=1&beforeSeq=3", bob.token()).status())
                .isEqualTo(400);
    }

    @Test
    void theUpgradeNeedsAValidTokenAndAnAllowedOrigin() {
        Account ann = apiA.register("Ann");

        assertThat(WsClient.upgradeStatus(nodeA.ws(null), null, null)).isEqualTo(401);
        assertThat(WsClient.upgradeStatus(nodeA.ws("access_token=garbage"), null, null)).isEqualTo(401);
        assertThat(WsClient.upgradeStatus(nodeA.ws(null), "Bearer " + ann.token(), "https://evil.example")).isEqualTo(403);
        assertThat(WsClient.upgradeStatus(nodeA.ws(null), "Bearer " + ann.token(), "http://localhost:3000")).isEqualTo(101);
    }

    @Test
    void metricsCountWhatThePipelineDoes() {
        Account ann = apiA.register("Ann");
        Account bob = apiA.register("Bob");
        UUID chat = apiA.direct(ann, bob);
        try (var annWs = WsClient.connect(nodeA, ann.token()); var bobWs = WsClient.connect(nodeA, bob.token())) {
            annWs.sendMessage(chat, "metered", "count me");
            bobWs.awaitType("receive-message");
        }
        JsonNode metrics = Api.JSON.valueToTree(new Api(nodeA).getAdmin("/metrics"));

        assertThat(metrics.at("/meters/messages.received/count").asLong()).isPositive();
        assertThat(metrics.at("/meters/messages.produced/count").asLong()).isPositive();
        assertThat(metrics.at("/meters/messages.delivered/count").asLong()).isPositive();
        assertThat(metrics.at("/timers/messages.latency/count").asLong()).isPositive();
        assertThat(metrics.at("/meters/messages.persisted/count").asLong()
                + Api.JSON.valueToTree(new Api(nodeB).getAdmin("/metrics")).at("/meters/messages.persisted/count").asLong())
                .isPositive();
        assertThat(metrics.has("gauges")).isTrue();
        assertThat(metrics.at("/gauges/websocket.sessions").has("value")).isTrue();
        assertThat(metrics.at("/gauges/kafka.consumer.lag").has("value")).isTrue();
    }

    private static List<String> receivedIds(WsClient client, int count) {
        List<String> ids = new ArrayList<>();
        while (ids.size() < count) {
            ids.add(client.awaitType("receive-message").at("/message/id").asText());
        }
        return ids;
    }

    private static List<Long> seqs(WsClient client) {
        return client.seen().stream().filter(f -> f.path("type").asText().equals("receive-message"))
                .map(f -> f.at("/message/seq").asLong()).toList();
    }
}
