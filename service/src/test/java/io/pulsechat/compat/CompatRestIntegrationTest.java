package io.pulsechat.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.pulsechat.testing.Api;
import io.pulsechat.testing.Api.Account;
import io.pulsechat.testing.Api.Reply;
import io.pulsechat.testing.TestNode;
import io.pulsechat.testing.WsClient;
import io.pulsechat.testing.Teardown;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The frontend's REST routes and passwordless login; and that none of it exists with the switch off. */
class CompatRestIntegrationTest {
    private static final String SECRET = "next-server-secret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestNode node;
    private static TestNode untrusting;
    private static TestNode off;
    private static Api api;

    /**
     * Config overrides are JVM-wide system properties that stay until a node stops, so every node
     * sets each compat key itself rather than inherit the previous node's.
     */
    @BeforeAll
    static void startNodes() {
        node = TestNode.start("compat-rest", compat(true, SECRET, "127.0.0.0/8", "::1/128"));
        untrusting = TestNode.start("compat-untrusting", compat(true, "", "10.0.0.0/8", "fd00::/8"));
        off = TestNode.start("compat-off", compat(false, "", "127.0.0.0/8", "::1/128"));
        api = new Api(node);
    }

    private static ConfigOverride[] compat(boolean enabled, String secret, String network, String network6) {
        return new ConfigOverride[] {
                ConfigOverride.config("compat.pulsechatFrontend.enabled", String.valueOf(enabled)),
                ConfigOverride.config("compat.loginSecret", secret),
                ConfigOverride.config("compat.trustedLoginNetworks[0]", network),
                ConfigOverride.config("compat.trustedLoginNetworks[1]", network6)};
    }

    @AfterAll
    static void stopNodes() {
        Teardown.closeAll(off, untrusting, node);
    }

    private static Reply login(TestNode target, Map<String, Object> body, String secret) {
        try {
            var request = HttpRequest.newBuilder(target.http("/api/auth/login")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Api.JSON.writeValueAsString(body)));
            if (secret != null) {
                request.header("X-Login-Secret", secret);
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body().isEmpty() ? null : Api.JSON.readTree(response.body()), response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> profile(String email, String provider) {
        return Map.of("email", email, "name", "Olga Oauth", "image", "https://img.example/o.png", "provider", provider,
                "oauth_id", "oauth-" + provider);
    }

    @Test
    void aTrustedPasswordlessLoginMakesAnAccountWithItsNotesToSelfAndSignsInAgainFromAnotherProvider() {
        String email = "olga-" + UUID.randomUUID() + "@example.com";
        Reply first = login(node, profile(email, "google"), SECRET);
        assertThat(first.status()).isEqualTo(200);
        JsonNode user = first.body().get("user");
        assertThat(user.get("token").asText()).startsWith("Bearer ");
        assertThat(user.get("color").asText()).matches("#[0-9a-f]{6}");
        assertThat(user.get("provider").asText()).isEqualTo("google");
        String token = user.get("token").asText().substring("Bearer ".length());
        assertThat(api.get("/api/users/me", token).body().get("email").asText()).isEqualTo(email);

        Reply again = login(node, profile(email.toUpperCase(), "github"), SECRET);
        assertThat(again.body().at("/user/id")).isEqualTo(user.get("id"));
        assertThat(again.body().at("/user/provider").asText()).isEqualTo("google");

        JsonNode chats = api.get("/api/chats/all", token).body().get("conversations");
        assertThat(chats).hasSize(1);
        assertThat(chats.get(0).at("/conversation/users")).hasSize(1);
        assertThat(chats.get(0).at("/conversation/users/0/user/email").asText()).isEqualTo(email);
    }

    @Test
    void theLoginIsRefusedWithoutTheSecretFromUntrustedPeersForPasswordAccountsAndWithoutEmail() {
        String email = "mallory-" + UUID.randomUUID() + "@example.com";
        assertThat(login(node, profile(email, "google"), null).status()).isEqualTo(403);
        assertThat(login(node, profile(email, "google"), "wrong").status()).isEqualTo(403);
        assertThat(login(untrusting, profile(email, "google"), null).status()).isEqualTo(403);
        assertThat(login(node, Map.of("name", "No Email"), SECRET).status()).isEqualTo(422);

        Account ann = api.register("Ann");
        assertThat(login(node, profile(ann.email(), "google"), SECRET).status()).isEqualTo(409);
        Reply password = login(node, Map.of("email", ann.email(), "password", "password-Ann"), null);
        assertThat(password.status()).as("the contract's password login on the same path").isEqualTo(200);
        assertThat(password.body().get("token").asText()).isNotBlank();
    }

    @Test
    void chatsMessagesAndDeletionKeepTheContractsAuthorisation() {
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        Account eve = api.register("Eve");
        UUID chat = api.direct(ann, bob);
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 35; i++) {
            Reply sent = api.post("/api/messages", Map.of("conversationId", chat.toString(), "clientMessageId", "m-" + i,
                    "body", "message " + i), ann.token());
            assertThat(sent.status()).isEqualTo(201);
            ids.add(sent.body().get("id").asText());
        }

        JsonNode listed = api.get("/api/chats/all", bob.token()).body().get("conversations");
        JsonNode entry = listed.get(0);
        assertThat(entry.get("conversationId").asText()).isEqualTo(chat.toString());
        assertThat(entry.at("/conversation/messages/0/body").asText()).isEqualTo("message 35");
        assertThat(entry.at("/conversation/users")).extracting(u -> u.at("/user/email").asText())
                .containsExactlyInAnyOrder(ann.email(), bob.email());

        assertThat(api.post("/api/chat/id", Map.of("chatId", chat.toString()), eve.token()).status()).isEqualTo(404);
        assertThat(api.post("/api/chat/id", Map.of("chatId", chat.toString()), bob.token()).body()
                .at("/conversation/isGroup").asBoolean()).isFalse();

        assertThat(api.delete("/api/chat/message?messageId=" + ids.get(1), bob.token()).status()).isEqualTo(403);
        assertThat(api.delete("/api/chat/message?messageId=" + ids.get(1), eve.token()).status()).isEqualTo(404);
        assertThat(api.delete("/api/chat/message?messageId=" + ids.get(1), ann.token()).status()).isEqualTo(200);

        JsonNode newest = api.get("/api/chat/messages?chatId=" + chat + "&pageParam=", bob.token()).body().get("messages");
        assertThat(newest).hasSize(30);
        assertThat(newest.get(0).get("body").asText()).isEqualTo("message 6");
        assertThat(newest.get(29).get("body").asText()).isEqualTo("message 35");
        assertThat(newest.get(29).at("/createdBy/name").asText()).isEqualTo("Ann");
        JsonNode older = api.get("/api/chat/messages?chatId=" + chat + "&pageParam=" + newest.get(0).get("id").asText(),
                bob.token()).body().get("messages");
        assertThat(older).extracting(m -> m.get("body").asText())
                .containsExactly("message 1", "message 3", "message 4", "message 5");
        assertThat(api.get("/api/chat/messages?chatId=" + chat + "&pageParam=" + ids.get(1), bob.token()).body()
                .get("messages")).extracting(m -> m.get("body").asText()).containsExactly("message 1");

        assertThat(api.get("/api/chat/messages?chatId=" + chat + "&pageParam=", eve.token()).status()).isEqualTo(404);
        assertThat(api.get("/api/chat/messages?chatId=" + chat + "&pageParam=" + UUID.randomUUID(), bob.token()).status())
                .isEqualTo(404);
    }

    /** A frontend user: signed in by the passwordless login, so with a notes-to-self conversation. */
    private static Account frontendUser(String name) {
        String email = name.toLowerCase() + "-" + UUID.randomUUID() + "@example.com";
        JsonNode user = login(node, Map.of("email", email, "name", name, "provider", "github"), SECRET).body().get("user");
        return new Account(UUID.fromString(user.get("id").asText()), user.get("token").asText().substring("Bearer ".length()),
                email, name);
    }

    private static String send(Account from, UUID chat, String body) {
        Reply sent = api.post("/api/messages", Map.of("conversationId", chat.toString(), "clientMessageId",
                UUID.randomUUID().toString(), "body", body), from.token());
        assertThat(sent.status()).isEqualTo(201);
        return sent.body().get("id").asText();
    }

    private static Instant createdAt(Account reader, UUID chat) {
        return Instant.parse(api.get("/api/conversations/" + chat, reader.token()).body().get("createdAt").asText());
    }

    @Test
    void theChatListPutsNotesToSelfFirstThenNewestActivityWithATimeForEveryChat() {
        Account olga = frontendUser("Olga");
        Account bob = api.register("Bob");
        Account carl = api.register("Carl");
        UUID group = api.group(olga, "Team", bob, carl);
        UUID withBob = api.direct(olga, bob);
        UUID withCarl = api.direct(olga, carl);
        String first = send(bob, withBob, "first");
        String newest = send(olga, withBob, "newest");

        JsonNode chats = api.get("/api/chats/all", olga.token()).body().get("conversations");
        assertThat(chats).hasSize(4);
        String notes = chats.get(0).get("conversationId").asText();
        assertThat(chats.get(0).at("/conversation/users")).as("notes to self first").hasSize(1);
        assertThat(chats).extracting(c -> c.get("conversationId").asText())
                .containsExactly(notes, withBob.toString(), withCarl.toString(), group.toString());
        Map<String, JsonNode> byId = new java.util.HashMap<>();
        chats.forEach(c -> byId.put(c.get("conversationId").asText(), c.get("conversation")));
        assertThat(byId.values()).allSatisfy(c -> assertThat(c.get("lastMessageAt").isTextual()).isTrue());
        assertThat(Instant.parse(byId.get(group.toString()).get("lastMessageAt").asText()))
                .as("a chat without messages: its creation time").isEqualTo(createdAt(olga, group));
        assertThat(Instant.parse(byId.get(withCarl.toString()).get("lastMessageAt").asText()))
                .isEqualTo(createdAt(olga, withCarl));
        assertThat(byId.get(withBob.toString()).at("/messages/0/body").asText()).isEqualTo("newest");

        assertThat(api.delete("/api/chat/message?messageId=" + newest, olga.token()).status()).isEqualTo(200);
        JsonNode after = api.get("/api/chats/all", olga.token()).body().get("conversations");
        JsonNode chat = null;
        for (JsonNode c : after) {
            if (c.get("conversationId").asText().equals(withBob.toString())) {
                chat = c.get("conversation");
            }
        }
        assertThat(chat.at("/messages/0/body").asText()).isEqualTo("first");
        String firstCreatedAt = api.get("/api/messages?conversationId=" + withBob + "&afterSeq=0", bob.token()).body()
                .at("/items/0/createdAt").asText();
        assertThat(api.get("/api/messages?conversationId=" + withBob + "&afterSeq=0", bob.token()).body()
                .at("/items/0/id").asText()).isEqualTo(first);
        assertThat(Instant.parse(chat.get("lastMessageAt").asText())).as("back to the newest message left")
                .isEqualTo(Instant.parse(firstCreatedAt));

        assertThat(api.delete("/api/chat/message?messageId=" + first, bob.token()).status()).isEqualTo(200);
        JsonNode emptied = api.get("/api/chats/all", olga.token()).body().get("conversations");
        assertThat(emptied).extracting(c -> c.get("conversationId").asText())
                .as("without messages, by creation").containsExactly(notes, withCarl.toString(), withBob.toString(),
                        group.toString());
    }

    @Test
    void passwordlessLoginsIssueTokensThatLastAsLongAsTheFrontendsSession() throws IOException {
        String token = frontendUser("Tess").token();
        JsonNode claims = Api.JSON.readTree(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(Duration.ofDays(30).toSeconds());
    }

    @Test
    void acceptingAFriendRequestWithEitherApiTellsBothUsersSessions() {
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        try (var annWs = WsClient.connect(node, ann.token()); var bobWs = WsClient.connect(node, bob.token())) {
            Reply requested = api.post("/api/friend-requests", Map.of("userId", bob.id().toString()), ann.token());
            assertThat(api.post("/api/friend-requests/" + requested.body().get("id").asText() + "/accept", null, bob.token())
                    .status()).isEqualTo(200);

            JsonNode bobOnline = annWs.await(f -> f.path("type").asText().equals("presence")
                    && f.path("userId").asText().equals(bob.id().toString()));
            assertThat(bobOnline.get("online").asBoolean()).isTrue();
            JsonNode annOnline = bobWs.await(f -> f.path("type").asText().equals("presence")
                    && f.path("userId").asText().equals(ann.id().toString()));
            assertThat(annOnline.get("online").asBoolean()).isTrue();
        }

        Account carl = api.register("Carl");
        Account dora = api.register("Dora");
        try (var carlWs = WsClient.connect(node, carl.token()); var doraWs = WsClient.connect(node, dora.token())) {
            api.post("/api/friendrequest/send", Map.of("friendId", dora.id().toString()), carl.token());
            String requestId = api.get("/api/friend/requests", dora.token()).body().at("/friendRequests/0/id").asText();
            Reply accepted = api.post("/api/friend/accept", Map.of("requestId", requestId, "friendId", carl.id().toString()),
                    dora.token());
            String conversation = accepted.body().at("/newConversation/id").asText();

            for (var pair : List.of(Map.entry(carlWs, dora), Map.entry(doraWs, carl))) {
                JsonNode presence = pair.getKey().await(f -> f.path("type").asText().equals("presence")
                        && f.path("userId").asText().equals(pair.getValue().id().toString()));
                assertThat(presence.get("online").asBoolean()).isTrue();
            }
            for (WsClient ws : List.of(carlWs, doraWs)) {
                JsonNode updated = ws.await(f -> f.path("type").asText().equals("conversation-updated"));
                assertThat(updated.at("/conversation/id").asText()).isEqualTo(conversation);
                assertThat(updated.at("/conversation/members")).hasSize(2);
            }
        }
    }

    @Test
    void userSearchFindsNamesCaseInsensitivelyWithoutTheCallerOrEmails() {
        String tag = "Zq" + UUID.randomUUID().toString().substring(0, 8);
        Account me = api.register(tag + " Me");
        Account older = api.register("Old " + tag);
        Account newer = api.register("new " + tag.toLowerCase());

        JsonNode users = api.get("/api/users/all?query=" + tag.toUpperCase() + "&pageNumber=1", me.token()).body().get("users");
        assertThat(users).extracting(u -> u.get("id").asText())
                .containsExactly(newer.id().toString(), older.id().toString());
        assertThat(users.get(0).has("email")).isFalse();
        assertThat(users.get(0).get("createdAt").asText()).isNotBlank();
        assertThat(api.get("/api/users/all?query=" + tag + "&pageNumber=2", me.token()).body().get("users")).isEmpty();
    }

    @Test
    void onlyTheReceiverAcceptsOrDeclinesAndRepeatsAreConflicts() {
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        Account eve = api.register("Eve");
        Reply sent = api.post("/api/friendrequest/send", Map.of("friendId", bob.id().toString()), ann.token());
        assertThat(sent.status()).isEqualTo(201);
        assertThat(api.post("/api/friendrequest/send", Map.of("friendId", bob.id().toString()), ann.token()).status()).isEqualTo(409);
        assertThat(api.post("/api/friendrequest/send", Map.of("friendId", ann.id().toString()), bob.token()).status()).isEqualTo(409);

        JsonNode request = api.get("/api/friend/requests", bob.token()).body().at("/friendRequests/0");
        assertThat(request.get("status").asText()).isEqualTo("pending");
        assertThat(request.get("senderId").asText()).isEqualTo(ann.id().toString());
        assertThat(request.at("/sender/name").asText()).isEqualTo("Ann");
        assertThat(request.at("/receiver/id").asText()).isEqualTo(bob.id().toString());
        String requestId = request.get("id").asText();

        var accept = Map.of("requestId", requestId, "friendId", ann.id().toString());
        assertThat(api.post("/api/friend/accept", accept, ann.token()).status()).isEqualTo(404);
        assertThat(api.post("/api/friend/accept", accept, eve.token()).status()).isEqualTo(404);
        assertThat(api.post("/api/friend/accept", Map.of("requestId", requestId, "friendId", eve.id().toString()),
                bob.token()).status()).isEqualTo(422);
        Reply accepted = api.post("/api/friend/accept", accept, bob.token());
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.body().at("/newConversation/id").asText()).isEqualTo(api.direct(ann, bob).toString());
        assertThat(api.get("/api/friend/requests", ann.token()).body().at("/friendRequests/0/status").asText()).isEqualTo("accepted");
        assertThat(api.post("/api/friendrequest/send", Map.of("friendId", bob.id().toString()), ann.token()).status()).isEqualTo(409);

        api.post("/api/friendrequest/send", Map.of("friendId", bob.id().toString()), eve.token());
        String eveRequest = api.get("/api/friend/requests", eve.token()).body().at("/friendRequests/0/id").asText();
        assertThat(api.post("/api/friend/decline", Map.of("requestId", eveRequest), eve.token()).status()).isEqualTo(404);
        assertThat(api.post("/api/friend/decline", Map.of("requestId", eveRequest), bob.token()).status()).isEqualTo(200);
        assertThat(api.get("/api/friend/requests", eve.token()).body().get("friendRequests")).isEmpty();
    }

    @Test
    void withTheSwitchOffNoneOfTheSurfaceExists() {
        Account ann = new Api(off).register("Ann");
        var offApi = new Api(off);
        assertThat(offApi.get("/socket.io/?EIO=4&transport=polling", null).status()).isEqualTo(404);
        assertThat(offApi.get("/api/chats/all", ann.token()).status()).isEqualTo(404);
        assertThat(offApi.get("/api/users/all?query=a", ann.token()).status()).isEqualTo(404);
        assertThat(offApi.post("/api/friend/accept", Map.of("requestId", UUID.randomUUID().toString()), ann.token()).status())
                .isEqualTo(404);
        assertThat(login(off, profile("x-" + UUID.randomUUID() + "@example.com", "google"), null).status())
                .as("without a password it is the contract's login: a validation failure").isEqualTo(422);
    }
}
