package io.pulsechat.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulsechat.testing.Api;
import io.pulsechat.testing.Api.Account;
import io.pulsechat.testing.Friends;
import io.pulsechat.testing.TestNode;
import io.pulsechat.testing.WsClient;
import io.pulsechat.testing.Teardown;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every conversation, message and friend-request route, and every frame, tried by people who may
 * not: an outsider, a member who is not admin, and a member who was removed. Each is refused, no
 * answer carries the conversation's name, its messages or anyone's email, and nothing changed.
 */
class AuthorizationMatrixIntegrationTest {
    private static TestNode node;
    private static Api api;

    /** A group with an admin, a member and a removed member; a message by the admin; a request admin -> member. */
    private record World(Account admin, Account member, Account removed, Account outsider, UUID group, UUID direct,
                         String messageId, UUID friendRequest, List<String> secrets) {}

    private record Attempt(String method, String path, Object body) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @BeforeAll
    static void startNode() {
        node = TestNode.start("matrix-node");
        api = new Api(node);
    }

    @AfterAll
    static void stopNode() {
        Teardown.closeAll(node);
    }

    @Test
    void anOutsiderIsToldNothingExistsAndChangesNothing() {
        World w = world();
        for (Attempt attempt : memberRoutes(w, w.outsider())) {
            expect(w, attempt, w.outsider(), 404);
        }
        for (Attempt attempt : friendRequestRoutes(w)) {
            expect(w, attempt, w.outsider(), 404);
        }
        expect(w, new Attempt("GET", "/api/conversations/" + w.direct(), null), w.outsider(), 404);
        expect(w, new Attempt("PATCH", "/api/conversations/" + w.direct(), Map.of("name", "x")), w.outsider(), 404);
        expectInvisible(w, w.outsider());
        expectFramesRefused(w, w.outsider());
        expectUnchanged(w);
    }

    @Test
    void aRemovedMemberIsAnOutsiderFromThenOn() {
        World w = world();
        for (Attempt attempt : memberRoutes(w, w.removed())) {
            expect(w, attempt, w.removed(), 404);
        }
        expectInvisible(w, w.removed());
        expectFramesRefused(w, w.removed());
        expectUnchanged(w);
    }

    @Test
    void aMemberWhoIsNotAdminIsForbiddenTheAdminsActionsAndTheAuthorsOnes() {
        World w = world();
        List<Attempt> adminOnly = List.of(
                new Attempt("PATCH", "/api/conversations/" + w.group(), Map.of("name", "hijacked")),
                new Attempt("POST", "/api/conversations/" + w.group() + "/members", Map.of("userId", w.outsider().id().toString())),
                new Attempt("DELETE", "/api/conversations/" + w.group() + "/members/" + w.admin().id(), null),
                new Attempt("PATCH", "/api/messages/" + w.messageId(), Map.of("body", "hijacked")),
                new Attempt("DELETE", "/api/messages/" + w.messageId(), null));
        for (Attempt attempt : adminOnly) {
            expect(w, attempt, w.member(), 403);
        }
        // The request's sender cannot answer it, its receiver cannot cancel it: neither is told it exists.
        expect(w, new Attempt("POST", "/api/friend-requests/" + w.friendRequest() + "/accept", null), w.admin(), 404);
        expect(w, new Attempt("POST", "/api/friend-requests/" + w.friendRequest() + "/decline", null), w.admin(), 404);
        expect(w, new Attempt("DELETE", "/api/friend-requests/" + w.friendRequest(), null), w.member(), 404);
        expectUnchanged(w);
    }

    @Test
    void everyRouteNeedsAToken() {
        World w = world();
        List<Attempt> all = new ArrayList<>(memberRoutes(w, w.outsider()));
        all.addAll(friendRequestRoutes(w));
        all.add(new Attempt("GET", "/api/conversations", null));
        all.add(new Attempt("GET", "/api/friends", null));
        all.add(new Attempt("GET", "/api/users?query=a", null));
        all.add(new Attempt("GET", "/api/users/" + w.admin().id(), null));
        for (Attempt attempt : all) {
            // Without a body: the refusal comes before any body is read, and a body the server leaves
            // unread may cost the kept-alive connection that the next request would reuse.
            var reply = api.send(attempt.method(), attempt.path(), null, null);
            assertThat(reply.status()).as(attempt.toString()).isEqualTo(401);
        }
        expectUnchanged(w);
    }

    /** The routes a member may use on the group and its messages. */
    private static List<Attempt> memberRoutes(World w, Account actor) {
        String g = "/api/conversations/" + w.group();
        return List.of(
                new Attempt("GET", g, null),
                new Attempt("PATCH", g, Map.of("name", "hijacked")),
                new Attempt("POST", g + "/members", Map.of("userId", actor.id().toString())),
                new Attempt("DELETE", g + "/members/" + w.admin().id(), null),
                new Attempt("DELETE", g + "/members/" + actor.id(), null),
                new Attempt("POST", g + "/read", Map.of("seq", 1)),
                new Attempt("GET", "/api/messages?conversationId=" + w.group(), null),
                new Attempt("GET", "/api/messages?conversationId=" + w.group() + "&afterSeq=0", null),
                new Attempt("POST", "/api/messages", Map.of("conversationId", w.group().toString(),
                        "clientMessageId", UUID.randomUUID().toString(), "body", "let me in")),
                new Attempt("PATCH", "/api/messages/" + w.messageId(), Map.of("body", "hijacked")),
                new Attempt("DELETE", "/api/messages/" + w.messageId(), null));
    }

    private static List<Attempt> friendRequestRoutes(World w) {
        String r = "/api/friend-requests/" + w.friendRequest();
        return List.of(new Attempt("POST", r + "/accept", null), new Attempt("POST", r + "/decline", null),
                new Attempt("DELETE", r, null));
    }

    private static void expect(World w, Attempt attempt, Account actor, int status) {
        var reply = api.send(attempt.method(), attempt.path(), attempt.body(), actor.token());
        assertThat(reply.status()).as(attempt + " by " + actor.name()).isEqualTo(status);
        assertThat(reply.body().get("code").asInt()).as(attempt + " answers the error shape").isEqualTo(status);
        expectNoSecrets(w, reply.raw().body(), attempt.toString());
    }

    /** Lists the actor may read leave the group and the request out. */
    private static void expectInvisible(World w, Account actor) {
        for (String path : List.of("/api/conversations", "/api/friend-requests?direction=incoming",
                "/api/friend-requests?direction=outgoing", "/api/friends", "/api/users?query=" + URLEncoder.encode(w.admin().name(), StandardCharsets.UTF_8))) {
            var reply = api.get(path, actor.token());
            assertThat(reply.status()).as(path).isEqualTo(200);
            assertThat(reply.raw().body()).as(path).doesNotContain(w.group().toString())
                    .doesNotContain(w.friendRequest().toString());
            expectNoSecrets(w, reply.raw().body(), path);
        }
    }

    private static void expectFramesRefused(World w, Account actor) {
        String g = w.group().toString();
        List<Map<String, Object>> frames = List.of(
                Map.of("type", "send-message", "conversationId", g, "clientMessageId", "intrude", "body", "let me in"),
                Map.of("type", "sync", "conversationId", g, "afterSeq", 0),
                Map.of("type", "typing", "conversationId", g),
                Map.of("type", "read", "conversationId", g, "seq", 1));
        try (var ws = WsClient.connect(node, actor.token())) {
            for (Map<String, Object> frame : frames) {
                ws.send(frame);
                JsonNode error = ws.awaitType("error");
                assertThat(error.get("code").asText()).as(frame.get("type").toString()).isEqualTo("not_found");
            }
            ws.send(Map.of("type", "ping"));
            ws.awaitType("pong");
            for (JsonNode frame : ws.drain()) {
                expectNoSecrets(w, frame.toString(), "frame " + frame.path("type").asText());
                assertThat(frame.path("type").asText()).isIn("ready", "error", "pong");
            }
        }
    }

    private static void expectNoSecrets(World w, String text, String where) {
        for (String secret : w.secrets()) {
            assertThat(text).as(where).doesNotContainIgnoringCase(secret);
        }
    }

    private static void expectUnchanged(World w) {
        JsonNode group = api.get("/api/conversations/" + w.group(), w.admin().token()).body();
        assertThat(group.get("name").asText()).startsWith("Secret group");
        assertThat(StreamSupport.stream(group.get("members").spliterator(), false)
                .map(m -> m.at("/user/id").asText() + ":" + m.get("role").asText() + ":" + m.get("lastReadSeq").asLong()))
                .containsExactly(w.admin().id() + ":admin:0", w.member().id() + ":member:0");
        List<JsonNode> history = api.history(w.admin(), w.group());
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("body").asText()).startsWith("secret body");
        assertThat(history.get(0).get("editedAt").isNull()).isTrue();
        JsonNode incoming = api.get("/api/friend-requests?direction=incoming", w.member().token()).body();
        assertThat(incoming).hasSize(1);
        assertThat(incoming.get(0).get("id").asText()).isEqualTo(w.friendRequest().toString());
    }

    private static World world() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Account admin = api.register("Admin " + tag);
        Account member = api.register("Member " + tag);
        Account removed = api.register("Removed " + tag);
        Account outsider = api.register("Outsider " + tag);
        String name = "Secret group " + tag;
        String body = "secret body " + tag;
        UUID group = api.group(admin, name, member, removed);
        UUID direct = api.direct(admin, member);
        var sent = api.post("/api/messages", Map.of("conversationId", group.toString(), "clientMessageId", "secret",
                "body", body), admin.token());
        assertThat(sent.status()).isEqualTo(201);
        assertThat(api.delete("/api/conversations/" + group + "/members/" + removed.id(), admin.token()).status())
                .isEqualTo(204);
        UUID request = Friends.request(api, admin, member);
        return new World(admin, member, removed, outsider, group, direct, sent.body().get("id").asText(), request,
                List.of(name, body, admin.email(), member.email(), removed.email()));
    }
}
