package io.pulsechat.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulsechat.testing.Api;
import io.pulsechat.testing.Api.Account;
import io.pulsechat.testing.Eventually;
import io.pulsechat.testing.Friends;
import io.pulsechat.testing.TestNode;
import io.pulsechat.testing.WsClient;
import io.pulsechat.testing.Teardown;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** User search and profiles, friend requests and friends, through the REST API of one node. */
class PeopleIntegrationTest {
    private static TestNode node;
    private static Api api;

    @BeforeAll
    static void startNode() {
        node = TestNode.start("people-node");
        api = new Api(node);
    }

    @AfterAll
    static void stopNode() {
        Teardown.closeAll(node);
    }

    @Test
    void searchMatchesANameInAnyCaseOrAnExactEmailAndNeverShowsEmails() {
        String tag = tag();
        Account me = api.register("Carol " + tag);
        Account alice = api.register("Alice " + tag);
        Account shout = api.register("SHOUTY" + tag.toUpperCase());
        Account bob = api.register("Bob Plain");

        var byName = api.get("/api/users?query=" + tag.toUpperCase(), me.token());
        var byEmail = api.get("/api/users?query=" + encode(bob.email().toUpperCase()), me.token());
        var byPartOfEmail = api.get("/api/users?query=" + encode(bob.email().substring(0, 12)), me.token());
        var wildcard = api.get("/api/users?query=" + encode(tag + "%"), me.token());

        assertThat(byName.status()).isEqualTo(200);
        assertThat(ids(byName.body().get("items"))).containsExactly(alice.id(), shout.id());
        assertThat(byName.body().get("nextCursor").isNull()).isTrue();
        assertThat(ids(byEmail.body().get("items"))).containsExactly(bob.id());
        assertThat(ids(byPartOfEmail.body().get("items"))).doesNotContain(bob.id());
        assertThat(wildcard.body().get("items")).isEmpty();
        JsonNode first = byName.body().get("items").get(0);
        assertThat(first.get("name").asText()).isEqualTo("Alice " + tag);
        assertThat(first.has("email")).isFalse();
        assertThat(first.get("online").asBoolean()).isFalse();
        for (var reply : List.of(byName, byEmail)) {
            assertThat(reply.raw().body()).doesNotContain("@example.com");
        }
    }

    @Test
    void searchPagesWithAnOpaqueCursorUntilTheEnd() {
        String tag = tag();
        Account me = api.register("Me " + tag);
        List<UUID> expected = new ArrayList<>();
        for (String name : List.of("a", "B", "c", "D", "e")) {
            expected.add(api.register(name + " " + tag).id());
        }

        List<UUID> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            var reply = api.get("/api/users?limit=2&query=" + tag + (cursor == null ? "" : "&cursor=" + cursor), me.token());
            assertThat(reply.status()).isEqualTo(200);
            seen.addAll(ids(reply.body().get("items")));
            sizes.add(reply.body().get("items").size());
            cursor = reply.body().get("nextCursor").isNull() ? null : reply.body().get("nextCursor").asText();
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(sizes).containsExactly(2, 2, 1);
        assertThat(api.get("/api/users?cursor=garbage", me.token()).status()).isEqualTo(400);
        assertThat(api.get("/api/users?limit=101", me.token()).status()).isEqualTo(400);
        assertThat(api.get("/api/users?limit=0", me.token()).status()).isEqualTo(400);
        assertThat(api.get("/api/users", null).status()).isEqualTo(401);
    }

    @Test
    void aProfileIsPublicAndSaysWhetherTheUserIsOnline() {
        Account me = api.register("Viewer");
        Account other = api.register("Viewed");

        var offline = api.get("/api/users/" + other.id(), me.token());
        assertThat(offline.status()).isEqualTo(200);
        assertThat(offline.body().get("name").asText()).isEqualTo("Viewed");
        assertThat(offline.body().get("online").asBoolean()).isFalse();
        assertThat(offline.body().has("email")).isFalse();
        try (var ws = WsClient.connect(node, other.token())) {
            Eventually.value(Duration.ofSeconds(10), () -> api.get("/api/users/" + other.id(), me.token()).body(),
                    body -> body.get("online").asBoolean());
        }
        Eventually.value(Duration.ofSeconds(10), () -> api.get("/api/users/" + other.id(), me.token()).body(),
                body -> !body.get("online").asBoolean());
        assertThat(api.get("/api/users/" + UUID.randomUUID(), me.token()).status()).isEqualTo(404);
        assertThat(api.get("/api/users/not-a-uuid", me.token()).status()).isEqualTo(404);
    }

    @Test
    void aRequestIsAnsweredOnlyByItsReceiverAndMakesFriendsBothWays() {
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        Account eve = api.register("Eve");

        var sent = api.post("/api/friend-requests", Map.of("userId", bob.id().toString()), ann.token());
        assertThat(sent.status()).isEqualTo(201);
        assertThat(sent.body().get("status").asText()).isEqualTo("pending");
        assertThat(sent.body().at("/sender/id").asText()).isEqualTo(ann.id().toString());
        assertThat(sent.body().at("/receiver/id").asText()).isEqualTo(bob.id().toString());
        assertThat(sent.raw().body()).doesNotContain("@example.com");
        String id = sent.body().get("id").asText();

        assertThat(ids(api.get("/api/friend-requests?direction=incoming", bob.token()).body())).containsExactly(UUID.fromString(id));
        assertThat(ids(api.get("/api/friend-requests?direction=outgoing", ann.token()).body())).containsExactly(UUID.fromString(id));
        assertThat(api.get("/api/friend-requests?direction=incoming", ann.token()).body()).isEmpty();
        assertThat(api.get("/api/friend-requests", ann.token()).status()).isEqualTo(400);

        assertThat(api.post("/api/friend-requests/" + id + "/accept", null, ann.token()).status()).isEqualTo(404);
        assertThat(api.post("/api/friend-requests/" + id + "/accept", null, eve.token()).status()).isEqualTo(404);
        assertThat(api.post("/api/friend-requests/" + id + "/decline", null, eve.token()).status()).isEqualTo(404);
        var accepted = api.post("/api/friend-requests/" + id + "/accept", null, bob.token());
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.body().get("status").asText()).isEqualTo("accepted");
        assertThat(api.post("/api/friend-requests/" + id + "/decline", null, bob.token()).status()).isEqualTo(409);

        assertThat(ids(api.get("/api/friends", ann.token()).body())).containsExactly(bob.id());
        assertThat(ids(api.get("/api/friends", bob.token()).body())).containsExactly(ann.id());
        assertThat(api.get("/api/friends", ann.token()).raw().body()).doesNotContain("@example.com");
        assertThat(api.get("/api/friend-requests?direction=incoming", bob.token()).body()).isEmpty();
        var again = api.post("/api/friend-requests", Map.of("userId", ann.id().toString()), bob.token());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("message").asText()).contains("already friends");

        assertThat(api.delete("/api/friends/" + ann.id(), bob.token()).status()).isEqualTo(204);
        assertThat(api.get("/api/friends", ann.token()).body()).isEmpty();
        assertThat(api.delete("/api/friends/" + ann.id(), bob.token()).status()).isEqualTo(404);
    }

    @Test
    void duplicatesSelfRequestsAndUnknownUsersAreRefused() {
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        UUID pending = Friends.request(api, ann, bob);

        var duplicate = api.post("/api/friend-requests", Map.of("userId", bob.id().toString()), ann.token());
        var crossing = api.post("/api/friend-requests", Map.of("userId", ann.id().toString()), bob.token());
        var self = api.post("/api/friend-requests", Map.of("userId", ann.id().toString()), ann.token());
        var unknown = api.post("/api/friend-requests", Map.of("userId", UUID.randomUUID().toString()), ann.token());
        var missing = api.post("/api/friend-requests", Map.of(), ann.token());

        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(crossing.status()).isEqualTo(409);
        assertThat(crossing.body().get("message").asText()).contains(pending.toString()).contains("accept");
        assertThat(self.status()).isEqualTo(400);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(422);
        assertThat(api.get("/api/friend-requests?direction=outgoing", ann.token()).body()).hasSize(1);
        assertThat(api.get("/api/friend-requests?direction=outgoing", bob.token()).body()).isEmpty();
    }

    @Test
    void aDeclinedOrCancelledRequestIsNoLongerPendingAndMayBeSentAgain() {
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        UUID first = Friends.request(api, ann, bob);

        var declined = api.post("/api/friend-requests/" + first + "/decline", null, bob.token());
        assertThat(declined.status()).isEqualTo(200);
        assertThat(declined.body().get("status").asText()).isEqualTo("declined");
        assertThat(api.get("/api/friends", ann.token()).body()).isEmpty();
        assertThat(api.get("/api/friend-requests?direction=incoming", bob.token()).body()).isEmpty();

        UUID second = Friends.request(api, ann, bob);
        assertThat(api.delete("/api/friend-requests/" + second, bob.token()).status()).isEqualTo(404);
        assertThat(api.delete("/api/friend-requests/" + second, ann.token()).status()).isEqualTo(204);
        assertThat(api.delete("/api/friend-requests/" + second, ann.token()).status()).isEqualTo(409);
        assertThat(api.post("/api/friend-requests/" + second + "/accept", null, bob.token()).status()).isEqualTo(409);
        assertThat(api.get("/api/friend-requests?direction=outgoing", ann.token()).body()).isEmpty();
        assertThat(api.get("/api/friends", bob.token()).body()).isEmpty();
    }

    private static List<UUID> ids(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> UUID.fromString(n.get("id").asText())).toList();
    }

    private static String tag() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
