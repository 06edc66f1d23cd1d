package io.pulsechat.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.pulsechat.redis.RedisPresence;
import io.pulsechat.testing.Api;
import io.pulsechat.testing.Api.Account;
import io.pulsechat.testing.Friends;
import io.pulsechat.testing.TestNode;
import io.pulsechat.testing.TestStack;
import io.pulsechat.testing.WsClient;
import io.pulsechat.testing.Teardown;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * Typing, read receipts, presence, edits, deletes and conversation changes across two nodes: who
 * must receive each event, and who must not. "Must not" is checked with a later event that the same
 * client must receive: the bus delivers in publication order, so once the later one has arrived,
 * the earlier one would have too.
 */
class LiveEventsIntegrationTest {
    private static TestNode nodeA;
    private static TestNode nodeB;
    private static Api api;

    @BeforeAll
    static void startNodes() {
        nodeA = TestNode.start("live-a", fastPresence());
        nodeB = TestNode.start("live-b", fastPresence());
        api = new Api(nodeA);
    }

    /**
     * Leases renewed and expired ones ended twice a second, so that an expiry shows within the test.
     * New overrides for each node: an override remembers the value it replaced, to put it back.
     */
    private static ConfigOverride[] fastPresence() {
        return new ConfigOverride[] {ConfigOverride.config("websocket.presenceRefresh", "500ms"),
                ConfigOverride.config("websocket.presenceTtl", "1500ms")};
    }

    @AfterAll
    static void stopNodes() {
        Teardown.closeAll(nodeB, nodeA);
    }

    @Test
    void typingReachesTheOtherMembersOnEveryNodeButNotTheTyperOrOutsiders() {
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        Account cid = api.register("Cid");
        UUID chat = api.direct(ann, bob);
        UUID withCid = api.direct(ann, cid);
        try (var annWs = WsClient.connect(nodeA, ann.token()); var annPhone = WsClient.connect(nodeB, ann.token());
             var bobWs = WsClient.connect(nodeB, bob.token()); var cidWs = WsClient.connect(nodeB, cid.token())) {
            annWs.send(typing(chat));
            JsonNode seenByBob = bobWs.await(is("typing", chat));
            assertThat(seenByBob.get("userId").asText()).isEqualTo(ann.id().toString());

            annWs.send(typing(withCid));
            cidWs.await(is("typing", withCid));
            bobWs.send(typing(chat));
            annPhone.await(is("typing", chat));

            assertThat(cidWs.seen()).noneMatch(is("typing", chat));
            assertThat(annPhone.seen()).filteredOn(is("typing", chat)).extracting(f -> f.get("userId").asText())
                    .containsExactly(bob.id().toString());
        }
    }

    @Test
    void typingIsForMembersOnlyAndRateLimited() {
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        Account eve = api.register("Eve");
        UUID chat = api.direct(ann, bob);
        try (var annWs = WsClient.connect(nodeA, ann.token()); var eveWs = WsClient.connect(nodeA, eve.token())) {
            eveWs.send(typing(chat));
            assertThat(eveWs.awaitType("error").get("code").asText()).isEqualTo("not_found");

            for (int i = 0; i < 12; i++) {
                annWs.send(typing(chat));
            }
            annWs.await(f -> f.path("code").asText().equals("rate_limited"));
            annWs.send(Map.of("type", "ping"));
            annWs.awaitType("pong");
        }
    }

    @Test
    void readReceiptsFromRestAndFramesReachTheOtherMembersOnlyAndOnlyWhenTheyMoveForward() {
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        Account cid = api.register("Cid");
        UUID chat = api.direct(ann, bob);
        UUID everyone = api.group(ann, "marker", bob, cid);
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/api/messages", Map.of("conversationId", chat.toString(), "clientMessageId", "r" + i,
                    "body", "m" + i), bob.token()).status()).isEqualTo(201);
        }
        assertThat(api.post("/api/messages", Map.of("conversationId", everyone.toString(), "clientMessageId", "r",
                "body", "m"), bob.token()).status()).isEqualTo(201);
        try (var annWs = WsClient.connect(nodeA, ann.token()); var bobWs = WsClient.connect(nodeB, bob.token());
             var cidWs = WsClient.connect(nodeB, cid.token())) {
            assertThat(api.post("/api/conversations/" + chat + "/read", Map.of("seq", 2), ann.token()).status()).isEqualTo(204);
            assertThat(bobWs.await(is("read", chat)).get("seq").asLong()).isEqualTo(2);
            annWs.send(Map.of("type", "read", "conversationId", chat.toString(), "seq", 3));
            JsonNode byFrame = bobWs.await(is("read", chat));
            assertThat(byFrame.get("seq").asLong()).isEqualTo(3);
            assertThat(byFrame.get("userId").asText()).isEqualTo(ann.id().toString());
            assertThat(api.post("/api/conversations/" + chat + "/read", Map.of("seq", 1), ann.token()).status()).isEqualTo(204);

            api.post("/api/conversations/" + everyone + "/read", Map.of("seq", 1), ann.token());
            bobWs.await(is("read", everyone));
            cidWs.await(is("read", everyone));

            assertThat(bobWs.seen()).filteredOn(is("read", chat)).extracting(f -> f.get("seq").asLong()).containsExactly(2L, 3L);
            assertThat(cidWs.seen()).noneMatch(is("read", chat));
            assertThat(annWs.drain()).noneMatch(f -> f.path("type").asText().equals("read"));

            annWs.send(Map.of("type", "read", "conversationId", chat.toString(), "seq", -1));
            assertThat(annWs.awaitType("error").get("code").asText()).isEqualTo("bad_request");
            cidWs.send(Map.of("type", "read", "conversationId", chat.toString(), "seq", 3));
            assertThat(cidWs.awaitType("error").get("code").asText()).isEqualTo("not_found");
        }
    }

    @Test
    void presenceTellsFriendsOfTheFirstSessionOpeningAndTheLastClosingAcrossNodes() {
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        Account cid = api.register("Cid");
        Account dan = api.register("Dan");
        Friends.befriend(api, ann, bob);
        Friends.befriend(api, cid, dan);
        UUID chat = api.direct(ann, bob);
        try (var bobWs = WsClient.connect(nodeB, bob.token()); var cidWs = WsClient.connect(nodeB, cid.token())) {
            var laptop = WsClient.connect(nodeA, ann.token());
            JsonNode online = bobWs.await(presenceOf(ann));
            assertThat(online.get("online").asBoolean()).isTrue();
            var phone = WsClient.connect(nodeB, ann.token());
            assertThat(api.get("/api/users/" + ann.id(), bob.token()).body().get("online").asBoolean()).isTrue();
            assertThat(api.get("/api/friends", bob.token()).body().get(0).get("online").asBoolean()).isTrue();
            assertThat(onlineMembers(bob, chat)).contains(ann.id().toString());

            laptop.close();
            phone.close();
            JsonNode offline = bobWs.await(presenceOf(ann));
            assertThat(offline.get("online").asBoolean()).isFalse();
            assertThat(api.get("/api/users/" + ann.id(), bob.token()).body().get("online").asBoolean()).isFalse();
            assertThat(onlineMembers(bob, chat)).doesNotContain(ann.id().toString());

            try (var danWs = WsClient.connect(nodeA, dan.token())) {
                cidWs.await(presenceOf(dan));
            }
            assertThat(bobWs.drain()).filteredOn(presenceOf(ann)).extracting(f -> f.get("online").asBoolean())
                    .containsExactly(true, false);
            assertThat(cidWs.seen()).noneMatch(presenceOf(ann));
        }
    }

    @Test
    void aUserOfANodeThatDiedGoesOfflineWhenItsLeaseExpires() {
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        Friends.befriend(api, ann, bob);
        URI redisUri = URI.create(TestStack.get().redisUrl);
        try (var redis = RedisClient.create(redisUri.getHost(), redisUri.getPort());
             var bobWs = WsClient.connect(nodeB, bob.token())) {
            // A node that leased Ann's presence and then died: it never renews and never says goodbye.
            var deadNode = new RedisPresence(redis, "dead-" + UUID.randomUUID(), 1500, System::currentTimeMillis);
            assertThat(deadNode.connect(ann.id())).isTrue();
            assertThat(api.get("/api/users/" + ann.id(), bob.token()).body().get("online").asBoolean()).isTrue();

            JsonNode offline = bobWs.await(presenceOf(ann));

            assertThat(offline.get("online").asBoolean()).isFalse();
            assertThat(api.get("/api/users/" + ann.id(), bob.token()).body().get("online").asBoolean()).isFalse();
        }
    }

    @Test
    void editsAndDeletesByTheAuthorReachEveryMemberAndLeaveATombstone() {
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        Account cid = api.register("Cid");
        UUID chat = api.direct(ann, bob);
        UUID withCid = api.direct(ann, cid);
        try (var annWs = WsClient.connect(nodeA, ann.token()); var bobWs = WsClient.connect(nodeB, bob.token());
             var cidWs = WsClient.connect(nodeB, cid.token())) {
            annWs.sendMessage(chat, "e-1", "frist");
            String id = annWs.awaitType("ack").at("/message/id").asText();

            var edited = api.patch("/api/messages/" + id, Map.of("body", "first"), ann.token());
            assertThat(edited.status()).isEqualTo(200);
            assertThat(edited.body().get("body").asText()).isEqualTo("first");
            assertThat(edited.body().get("editedAt").isNull()).isFalse();
            JsonNode updated = bobWs.await(is("message-updated", chat));
            assertThat(updated.get("message")).isEqualTo(edited.body());
            annWs.await(is("message-updated", chat));

            assertThat(api.patch("/api/messages/" + id, Map.of("body", "mine now"), bob.token()).status()).isEqualTo(403);
            assertThat(api.delete("/api/messages/" + id, bob.token()).status()).isEqualTo(403);
            assertThat(api.patch("/api/messages/" + id, Map.of("body", ""), ann.token()).status()).isEqualTo(400);
            assertThat(api.patch("/api/messages/" + id, Map.of("body", "x".repeat(4001)), ann.token()).status()).isEqualTo(413);
            assertThat(api.patch("/api/messages/" + id, Map.of("body", "a\u0000b"), ann.token()).status()).isEqualTo(400);

            assertThat(api.delete("/api/messages/" + id, ann.token()).status()).isEqualTo(204);
            JsonNode deleted = bobWs.await(is("message-deleted", chat));
            assertThat(deleted.at("/message/id").asText()).isEqualTo(id);
            assertThat(deleted.at("/message/deleted").asBoolean()).isTrue();
            assertThat(deleted.at("/message/body").isNull()).isTrue();
            assertThat(api.delete("/api/messages/" + id, ann.token()).status()).isEqualTo(204);
            assertThat(api.patch("/api/messages/" + id, Map.of("body", "back"), ann.token()).status()).isEqualTo(409);

            annWs.sendMessage(withCid, "e-2", "for cid");
            String marker = annWs.await(f -> f.path("type").asText().equals("ack")
                    && f.path("clientMessageId").asText().equals("e-2")).at("/message/id").asText();
            api.patch("/api/messages/" + marker, Map.of("body", "for cid, edited"), ann.token());
            // Bob and Cid are on the same node, which handles events in order: a second delete would be out by now.
            cidWs.await(is("message-updated", withCid));

            assertThat(cidWs.seen()).noneMatch(f -> f.toString().contains(id));
            assertThat(bobWs.drain()).filteredOn(is("message-deleted", chat)).hasSize(1);
            List<JsonNode> history = api.history(bob, chat);
            assertThat(history).hasSize(1);
            assertThat(history.get(0).get("deleted").asBoolean()).isTrue();
            assertThat(history.get(0).get("body").isNull()).isTrue();
        }
    }

    @Test
    void conversationUpdatesReachEveryAffectedUserAndARemovedMemberHearsNothingMore() {
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        Account cid = api.register("Cid");
        Account eve = api.register("Eve");
        UUID direct = api.direct(ann, bob);
        try (var annWs = WsClient.connect(nodeA, ann.token()); var bobWs = WsClient.connect(nodeB, bob.token());
             var cidWs = WsClient.connect(nodeB, cid.token()); var eveWs = WsClient.connect(nodeA, eve.token())) {
            UUID group = api.group(ann, "crew", bob);
            JsonNode created = bobWs.await(is("conversation-updated", group)).get("conversation");
            assertThat(created.get("name").asText()).isEqualTo("crew");
            assertThat(created.get("members")).hasSize(2);
            annWs.await(is("conversation-updated", group));

            bobWs.sendMessage(group, "u-1", "unread for ann");
            bobWs.awaitType("ack");
            api.patch("/api/conversations/" + group, Map.of("name", "crew 2"), ann.token());
            JsonNode renamedForAnn = annWs.await(is("conversation-updated", group)).get("conversation");
            JsonNode renamedForBob = bobWs.await(is("conversation-updated", group)).get("conversation");
            assertThat(renamedForAnn.get("name").asText()).isEqualTo("crew 2");
            assertThat(renamedForAnn.get("unreadCount").asLong()).isEqualTo(1);
            assertThat(renamedForBob.get("unreadCount").asLong()).isZero();

            api.post("/api/conversations/" + group + "/members", Map.of("userId", cid.id().toString()), ann.token());
            assertThat(cidWs.await(is("conversation-updated", group)).at("/conversation/members")).hasSize(3);
            assertThat(bobWs.await(is("conversation-updated", group)).at("/conversation/members")).hasSize(3);

            api.delete("/api/conversations/" + group + "/members/" + bob.id(), ann.token());
            JsonNode farewell = bobWs.await(is("conversation-updated", group)).get("conversation");
            assertThat(farewell.get("members")).isEmpty();
            assertThat(farewell.has("lastMessage")).isFalse();
            assertThat(cidWs.await(is("conversation-updated", group)).at("/conversation/members")).hasSize(2);
            int framesBeforeTheEnd = bobWs.seen().size();

            bobWs.sendMessage(group, "u-2", "still here?");
            assertThat(bobWs.awaitType("error").get("code").asText()).isEqualTo("not_found");
            bobWs.send(typing(group));
            assertThat(bobWs.awaitType("error").get("code").asText()).isEqualTo("not_found");
            bobWs.send(Map.of("type", "sync", "conversationId", group.toString(), "afterSeq", 0));
            assertThat(bobWs.awaitType("error").get("code").asText()).isEqualTo("not_found");

            annWs.sendMessage(group, "u-3", "after bob left");
            cidWs.await(is("receive-message", group));
            annWs.send(typing(group));
            cidWs.await(is("typing", group));
            api.patch("/api/conversations/" + group, Map.of("name", "crew 3"), ann.token());
            cidWs.await(is("conversation-updated", group));
            api.group(ann, "eve's marker", eve);
            annWs.sendMessage(direct, "u-4", "bob, still friends?");
            bobWs.await(is("receive-message", direct));
            eveWs.await(f -> f.path("type").asText().equals("conversation-updated"));

            assertThat(bobWs.seen().subList(framesBeforeTheEnd, bobWs.seen().size()))
                    .noneMatch(f -> f.toString().contains(group.toString()) && !f.path("type").asText().equals("error"));
            assertThat(eveWs.seen()).noneMatch(f -> f.toString().contains(group.toString()));
        }
    }

    @Test
    void aUserOpeningConnectionsTooFastIsRefusedWith429() throws Exception {
        Account ann = api.register("Ann");
        List<WsClient> opened = new ArrayList<>();
        int refusal = 0;
        try {
            for (int i = 0; i < 30 && refusal == 0; i++) {
                var client = new WsClient();
                try {
                    client.open(nodeA.ws("access_token=" + ann.token()), new ClientUpgradeRequest()).get(10, TimeUnit.SECONDS);
                    opened.add(client);
                } catch (ExecutionException e) {
                    refusal = ((UpgradeException) e.getCause()).getResponseStatusCode();
                }
            }
        } finally {
            opened.forEach(WsClient::close);
        }

        assertThat(refusal).isEqualTo(429);
        assertThat(opened.size()).isBetween(10, 29);
    }

    private static List<String> onlineMembers(Account reader, UUID conversationId) {
        return StreamSupport.stream(api.get("/api/conversations/" + conversationId, reader.token()).body().get("members")
                        .spliterator(), false)
                .filter(m -> m.at("/user/online").asBoolean()).map(m -> m.at("/user/id").asText()).toList();
    }

    private static Map<String, String> typing(UUID conversationId) {
        return Map.of("type", "typing", "conversationId", conversationId.toString());
    }

    /** A frame of this type about this conversation, wherever the frame keeps the conversation's id. */
    private static Predicate<JsonNode> is(String type, UUID conversationId) {
        String id = conversationId.toString();
        return f -> f.path("type").asText().equals(type) && (f.path("conversationId").asText().equals(id)
                || f.at("/conversation/id").asText().equals(id) || f.at("/message/conversationId").asText().equals(id));
    }

    private static Predicate<JsonNode> presenceOf(Account user) {
        return f -> f.path("type").asText().equals("presence") && f.path("userId").asText().equals(user.id().toString());
    }
}
