package io.pulsechat.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.pulsechat.auth.JwtService;
import io.pulsechat.testing.Api;
import io.pulsechat.testing.TestNode;
import io.pulsechat.testing.TestStack;
import io.pulsechat.testing.Teardown;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthIntegrationTest {
    private static TestNode node;
    private static Api api;

    @BeforeAll
    static void startNode() {
        node = TestNode.start("auth-node");
        api = new Api(node);
    }

    @AfterAll
    static void stopNode() {
        Teardown.closeAll(node);
    }

    @Test
    void registerAnswersTokenAndUserWithoutThePassword() {
        String email = "reg-" + UUID.randomUUID() + "@example.com";
        var reply = api.post("/api/auth/register", Map.of("name", "Reg", "email", email, "password", "long-enough"), null);

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.body().get("token").asText()).isNotBlank();
        assertThat(reply.body().get("user").get("email").asText()).isEqualTo(email);
        assertThat(reply.body().get("user").get("color").asText()).matches("#[0-9a-f]{6}");
        assertThat(reply.body().get("user").has("passwordHash")).isFalse();
        assertThat(reply.raw().body()).doesNotContain("long-enough").doesNotContain("argon2");
    }

    @Test
    void emailIsUniqueWhateverItsCase() {
        var account = api.register("Dup");
        var reply = api.post("/api/auth/register",
                Map.of("name", "Other", "email", account.email().toUpperCase(), "password", "long-enough"), null);

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.body().get("code").asInt()).isEqualTo(409);
    }

    @Test
    void invalidRegistrationsAre422() {
        assertThat(api.post("/api/auth/register", Map.of("name", "A", "email", "a@example.com", "password", "short"), null)
                .status()).isEqualTo(422);
        assertThat(api.post("/api/auth/register", Map.of("name", "A", "email", "not-an-email", "password", "long-enough"), null)
                .status()).isEqualTo(422);
        assertThat(api.post("/api/auth/register", Map.of("name", " ", "email", "b@example.com", "password", "long-enough"), null)
                .status()).isEqualTo(422);
        assertThat(api.post("/api/auth/register", "", null).status()).isEqualTo(422);
        assertThat(api.post("/api/auth/register", "{not json", null).status()).isEqualTo(400);
    }

    @Test
    void loginWorksAndNeverTellsWhetherTheEmailExists() {
        var account = api.register("Login");

        var ok = api.post("/api/auth/login", Map.of("email", account.email(), "password", "password-Login"), null);
        var wrongPassword = api.post("/api/auth/login", Map.of("email", account.email(), "password", "wrong-password"), null);
        var unknownEmail = api.post("/api/auth/login", Map.of("email", "nobody-" + UUID.randomUUID() + "@example.com",
                "password", "wrong-password"), null);

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().at("/user/id").asText()).isEqualTo(account.id().toString());
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownEmail.status()).isEqualTo(401);
        assertThat(wrongPassword.body()).isEqualTo(unknownEmail.body());
    }

    @Test
    void meNeedsAValidToken() {
        var account = api.register("Me");

        var me = api.get("/api/users/me", account.token());
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().get("email").asText()).isEqualTo(account.email());

        assertThat(api.get("/api/users/me", null).status()).isEqualTo(401);
        assertThat(api.get("/api/users/me", null).body().get("code").asInt()).isEqualTo(401);
        assertThat(api.get("/api/users/me", "garbage").status()).isEqualTo(401);
        String token = account.token();
        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThat(api.get("/api/users/me", tampered).status()).isEqualTo(401);
    }

    @Test
    void expiredAndForeignAlgorithmTokensAre401() {
        var account = api.register("Tokens");
        byte[] secret = TestStack.JWT_SECRET.getBytes(StandardCharsets.UTF_8);
        var lastWeek = Clock.fixed(Instant.now().minus(Duration.ofDays(8)), ZoneOffset.UTC);
        String expired = new JwtService(secret, Duration.ofDays(7), lastWeek).issue(account.id());
        String hs512 = Jwts.builder().subject(account.id().toString()).expiration(Date.from(Instant.now().plusSeconds(600)))
                .signWith(Keys.hmacShaKeyFor((TestStack.JWT_SECRET + TestStack.JWT_SECRET).getBytes(StandardCharsets.UTF_8)),
                        Jwts.SIG.HS512)
                .compact();
        String unsigned = Jwts.builder().subject(account.id().toString()).compact();

        assertThat(api.get("/api/users/me", expired).status()).isEqualTo(401);
        assertThat(api.get("/api/users/me", hs512).status()).isEqualTo(401);
        assertThat(api.get("/api/users/me", unsigned).status()).isEqualTo(401);
    }

    @Test
    void patchMeChangesOnlyWhatIsGiven() {
        var account = api.register("Patch");

        var renamed = api.patch("/api/users/me", Map.of("name", "Renamed"), account.token());
        var imaged = api.patch("/api/users/me", Map.of("image", "https://example.com/a.png"), account.token());
        var blank = api.patch("/api/users/me", Map.of("name", "  "), account.token());

        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.body().get("name").asText()).isEqualTo("Renamed");
        assertThat(imaged.body().get("name").asText()).isEqualTo("Renamed");
        assertThat(imaged.body().get("image").asText()).isEqualTo("https://example.com/a.png");
        assertThat(blank.status()).isEqualTo(422);
    }

    @Test
    void corsAllowsTheFrontendOriginOnly() throws Exception {
        HttpResponse<String> allowed = preflight("http://localhost:3000");
        HttpResponse<String> foreign = preflight("https://evil.example");

        assertThat(allowed.statusCode()).isEqualTo(204);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:3000");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers").orElse("")).contains("Authorization");
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private static HttpResponse<String> preflight(String origin) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(node.http("/api/users/me").toString()))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
