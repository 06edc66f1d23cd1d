package io.pulsechat.resources;

import static io.dropwizard.testing.ConfigOverride.config;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulsechat.testing.Api;
import io.pulsechat.testing.Api.Account;
import io.pulsechat.testing.Eventually;
import io.pulsechat.testing.TestNode;
import io.pulsechat.testing.WsClient;
import io.pulsechat.testing.Teardown;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hostile clients: password guessing, mass registration, connection hoarding, flooding. */
class AbuseIntegrationTest {
    private static TestNode node;
    private static Api api;
    /** Accounts come from a node with the default limits: registration is throttled on the strict one. */
    private static TestNode lenient;
    private static Api accounts;

    @BeforeAll
    static void startStrictNode() {
        node = TestNode.start("strict-node",
                config("abuse.loginsPerMinutePerAccount", "5"),
                config("abuse.registrationBurstPerAddress", "12"),
                config("abuse.sessionsPerUser", "2"),
                config("messages.sendsPerSecond", "2"),
                config("messages.sendBurst", "5"),
                config("websocket.floodStrikes", "10"));
        api = new Api(node);
        lenient = TestNode.start("lenient-node");
        accounts = new Api(lenient);
    }

    @AfterAll
    static void stopNodes() {
        Teardown.closeAll(lenient, node);
    }

    @Test
    void passwordGuessingIsThrottledPerAccount() {
        Account victim = accounts.register("Victim");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            statuses.add(api.post("/api/auth/login", Map.of("email", victim.email(), "password", "guess-" + i), null).status());
        }
        var rightPasswordNow = api.post("/api/auth/login", Map.of("email", victim.email(), "password", "password-Victim"), null);

        assertThat(statuses.subList(0, 5)).containsOnly(401);
        assertThat(statuses.subList(5, 7)).containsOnly(429);
        assertThat(rightPasswordNow.status()).isEqualTo(429);
        assertThat(rightPasswordNow.body().get("code").asInt()).isEqualTo(429);
    }

    @Test
    void massRegistrationFromOneAddressIsThrottled() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            statuses.add(api.post("/api/auth/register", Map.of("name", "Bot", "email", "bot-" + UUID.randomUUID() + "@example.com",
                    "password", "password-bot"), null).status());
        }
        assertThat(statuses).contains(429);
        assertThat(api.get("/health", null).status()).isEqualTo(200);
    }

    @Test
    void aUserCannotHoardConnections() {
        Account ann = accounts.register("User");
        try (var first = WsClient.connect(node, ann.token()); var second = WsClient.connect(node, ann.token())) {
            assertThat(WsClient.upgradeStatus(node.ws("access_token=" + ann.token()), null, null)).isEqualTo(429);
            first.send(Map.of("type", "ping"));
            first.awaitType("pong");
        }
    }

    /**
     * Five connections of one user at once, with a ceiling of 2: two get `ready`; each of the others is refused
     * at the upgrade (429) or closed as it opens (1008). Those leave no count behind: once a ready one closes,
     * the user connects again.
     */
    @Test
    void connectionsOpenedAtOnceStopAtTheCeilingAndFreeTheirPlaceWhenRefused() {
        Account ann = accounts.register("User");
        List<WsClient> clients = IntStream.range(0, 5).mapToObj(i -> new WsClient()).toList();
        try {
            List<CompletableFuture<Boolean>> upgrades = clients.stream()
                    .map(c -> c.open(node.ws("access_token=" + ann.token()), new ClientUpgradeRequest())
                            .handle((session, refused) -> refused == null))
                    .toList();
            List<String> outcomes = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) {
                WsClient client = clients.get(i);
                outcomes.add(!upgrades.get(i).orTimeout(10, TimeUnit.SECONDS).join() ? "refused"
                        : Eventually.value(Duration.ofSeconds(10), () -> outcome(client), o -> !o.isEmpty()));
            }
            assertThat(outcomes).as("what became of each connection").filteredOn("ready"::equals).hasSize(2);
            assertThat(outcomes).as("what became of each connection").isSubsetOf("ready", "refused", "closed 1008");

            WsClient leaving = clients.get(outcomes.indexOf("ready"));
            leaving.close();
            leaving.awaitClose();
            // The node counts the close when its endpoint hears it, which the client's close does not wait for.
            assertThat(Eventually.value(Duration.ofSeconds(10),
                    () -> WsClient.upgradeStatus(node.ws("access_token=" + ann.token()), null, null), status -> status == 101))
                    .as("an upgrade once a ready connection has closed").isEqualTo(101);
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    /** "ready", "closed <code>", or "" while neither has happened. */
    private static String outcome(WsClient client) {
        if (client.drain().stream().anyMatch(f -> f.path("type").asText().equals("ready"))) {
            return "ready";
        }
        return client.closed().isDone() ? "closed " + client.closed().join() : "";
    }

    @Test
    void floodingGetsRateLimitedThenClosedWith1008AndTheNodeStaysHealthy() {
        Account ann = accounts.register("User");
        Account bob = accounts.register("User");
        UUID chat = api.direct(ann, bob);
        try (var flooder = WsClient.connect(node, ann.token())) {
            for (int i = 0; i < 40 && !flooder.closed().isDone(); i++) {
                flooder.sendMessage(chat, "flood-" + i, "spam");
            }
            assertThat(flooder.awaitClose()).isEqualTo(1008);
            List<JsonNode> errors = flooder.drain().stream().filter(f -> f.path("type").asText().equals("error")).toList();
            assertThat(errors).isNotEmpty().allMatch(f -> f.get("code").asText().equals("rate_limited"));
        }
        assertThat(api.get("/health", null).status()).isEqualTo(200);
        try (var bobWs = WsClient.connect(node, bob.token())) {
            bobWs.sendMessage(chat, "normal", "hello");
            assertThat(bobWs.awaitType("ack").at("/message/body").asText()).isEqualTo("hello");
        }
    }

    @Test
    void anOversizedBodyIs413AndTheNextRequestStillWorks() {
        Account ann = accounts.register("Big");
        var huge = api.post("/api/messages", "{\"body\":\"" + "x".repeat(300 * 1024) + "\"}", ann.token());
        var halfParsed = api.post("/api/messages", "{\"body\": [" + "1,".repeat(20_000) + "}", ann.token());

        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.body().get("code").asInt()).isEqualTo(413);
        assertThat(halfParsed.status()).isEqualTo(400);
        assertThat(api.get("/api/users/me", ann.token()).status()).isEqualTo(200);
    }

    @Test
    void apiAnswersCarrySecurityHeaders() {
        var reply = api.get("/api/users/me", null);
        var headers = reply.raw().headers();

        assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(headers.firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(headers.firstValue("Cache-Control")).hasValue("no-store");
        assertThat(headers.firstValue("Content-Security-Policy").orElse("")).contains("default-src 'none'");
    }
}
