package io.pulsechat.server;

import static io.dropwizard.testing.ConfigOverride.config;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.pulsechat.testing.Api;
import io.pulsechat.testing.Api.Account;
import io.pulsechat.testing.TestNode;
import io.pulsechat.testing.WsClient;
import io.pulsechat.testing.Teardown;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-address limits and the compat passwordless login see the client's address: the TCP peer, or
 * behind a trusted proxy the right-most forwarded hop that is not a trusted proxy. A forwarded header
 * from any other peer changes nothing. (All test clients are 127.0.0.1; the `proxied` node trusts it.)
 */
class ClientAddressIntegrationTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Passwordless login is for the frontend's server, here in 192.0.2.0/24 behind the proxy. */
    private static final String FRONTEND_SERVER = "192.0.2.10";

    private static TestNode direct;
    private static TestNode proxied;

    @BeforeAll
    static void startNodes() {
        direct = TestNode.start("no-proxy", settings(""));
        proxied = TestNode.start("behind-proxy", settings("127.0.0.1/32"));
    }

    /** Both nodes set every key: a started node's overrides stay in the system properties until it stops. */
    private static ConfigOverride[] settings(String trustedProxies) {
        return new ConfigOverride[] {
                config("server.trustedProxies[0]", trustedProxies),
                config("abuse.registrationBurstPerAddress", "2"),
                config("abuse.registrationsPerHourPerAddress", "1"),
                config("abuse.sendsPerSecondPerAddress", "3"),
                config("compat.pulsechatFrontend.enabled", "true"),
                config("compat.trustedLoginNetworks[0]", "192.0.2.0/24"),
                config("compat.trustedLoginNetworks[1]", "192.0.2.0/24")};
    }

    @AfterAll
    static void stopNodes() {
        Teardown.closeAll(proxied, direct);
    }

    @Test
    void forwardedHeadersFromAnUntrustedPeerChangeNothing() {
        List<Integer> statuses = new ArrayList<>();
        for (String spoofed : List.of("198.51.100.1", "198.51.100.2", "198.51.100.3")) {
            statuses.add(register(direct, spoofed).statusCode());
        }
        assertThat(statuses).as("one address, whatever it claims").containsExactly(201, 201, 429);
        assertThat(passwordlessLogin(direct, FRONTEND_SERVER).statusCode()).isEqualTo(403);
    }

    @Test
    void behindATrustedProxyEachClientHasItsOwnAllowance() {
        assertThat(register(proxied, "203.0.113.7").statusCode()).isEqualTo(201);
        assertThat(register(proxied, "203.0.113.7").statusCode()).isEqualTo(201);
        assertThat(register(proxied, "203.0.113.7").statusCode()).isEqualTo(429);
        // The proxy appends the address it saw: what the client wrote to the left of it is not believed.
        assertThat(register(proxied, "198.51.100.77, 203.0.113.7").statusCode()).isEqualTo(429);
        assertThat(register(proxied, "203.0.113.8").statusCode()).as("another client").isEqualTo(201);
    }

    @Test
    void passwordlessLoginTrustsTheForwardedClientNotTheProxy() {
        assertThat(passwordlessLogin(proxied, FRONTEND_SERVER).statusCode()).isEqualTo(200);
        assertThat(passwordlessLogin(proxied, "203.0.113.30").statusCode()).isEqualTo(403);
        assertThat(passwordlessLogin(proxied, "203.0.113.30, " + FRONTEND_SERVER).statusCode())
                .as("the right-most hop is the frontend server, the client's claim to its left does not matter")
                .isEqualTo(200);
        assertThat(passwordlessLogin(proxied, FRONTEND_SERVER + ", 203.0.113.30").statusCode()).isEqualTo(403);
    }

    @Test
    void webSocketSendsAreCountedPerForwardedClient() throws Exception {
        Account ann = account(proxied, "Ann", "203.0.113.20");
        Account bob = account(proxied, "Bob", "203.0.113.21");
        UUID chat = new Api(proxied).direct(ann, bob);
        try (var annWs = connect(proxied, ann, "203.0.113.20"); var bobWs = connect(proxied, bob, "203.0.113.21")) {
            // Three each: within each client's allowance of 3, double the allowance of one shared address.
            for (int i = 0; i < 3; i++) {
                annWs.sendMessage(chat, "a-" + i, "from ann");
                bobWs.sendMessage(chat, "b-" + i, "from bob");
            }
            for (int i = 0; i < 3; i++) {
                String ack = "a-" + i;
                annWs.await(f -> f.path("type").asText().equals("ack") && f.path("clientMessageId").asText().equals(ack));
                String bobAck = "b-" + i;
                bobWs.await(f -> f.path("type").asText().equals("ack") && f.path("clientMessageId").asText().equals(bobAck));
            }
            assertThat(Stream.concat(annWs.seen().stream(), bobWs.seen().stream()))
                    .noneMatch(f -> f.path("type").asText().equals("error"));

            for (int i = 3; i < 13; i++) {
                annWs.sendMessage(chat, "a-" + i, "more from ann");
            }
            JsonNode refused = annWs.await(f -> f.path("type").asText().equals("error"));
            assertThat(refused.get("code").asText()).isEqualTo("rate_limited");
            assertThat(refused.get("message").asText()).contains("address");
        }
    }

    @Test
    void theAdminPortListensOnLoopbackByDefault() {
        var hosts = Stream.of(direct.environment().getApplicationContext().getServer().getConnectors())
                .map(c -> (ServerConnector) c)
                .filter(c -> c.getLocalPort() == direct.admin("/").getPort())
                .map(ServerConnector::getHost).toList();
        assertThat(hosts).containsExactly("127.0.0.1");
    }

    private static Account account(TestNode node, String name, String forwardedFor) throws IOException {
        HttpResponse<String> reply = register(node, forwardedFor);
        assertThat(reply.statusCode()).isEqualTo(201);
        JsonNode body = Api.JSON.readTree(reply.body());
        return new Account(UUID.fromString(body.at("/user/id").asText()), body.get("token").asText(),
                body.at("/user/email").asText(), name);
    }

    private static WsClient connect(TestNode node, Account account, String forwardedFor) {
        var request = new ClientUpgradeRequest();
        request.setHeader("X-Forwarded-For", forwardedFor);
        var client = new WsClient();
        client.open(node.ws("access_token=" + account.token()), request).orTimeout(10, TimeUnit.SECONDS).join();
        client.awaitType("ready");
        return client;
    }

    private static HttpResponse<String> register(TestNode node, String forwardedFor) {
        return post(node.http("/api/auth/register"), forwardedFor, Map.of("name", "Someone",
                "email", "someone-" + UUID.randomUUID() + "@example.com", "password", "correct horse"));
    }

    private static HttpResponse<String> passwordlessLogin(TestNode node, String forwardedFor) {
        return post(node.http("/api/auth/login"), forwardedFor, Map.of("email", "next-" + UUID.randomUUID() + "@example.com",
                "name", "Next", "provider", "google"));
    }

    private static HttpResponse<String> post(URI uri, String forwardedFor, Map<String, String> body) {
        try {
            var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("X-Forwarded-For", forwardedFor)
                    .POST(HttpRequest.BodyPublishers.ofString(Api.JSON.writeValueAsString(body))).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("POST " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
