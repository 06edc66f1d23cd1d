package io.pulsechat.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.testing.Eventually;
import io.pulsechat.testing.NodeProcess;
import io.pulsechat.testing.TestStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A node started as a deployer starts it: `java -jar chat.jar server chat.yml`, settings from the environment. */
class DeploymentSettingsIntegrationTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void limitsAndTrustedProxiesComeFromTheEnvironmentAndTheRequestLogNamesTheClient() throws Exception {
        TestStack stack = TestStack.get();
        try (var node = NodeProcess.start("env-settings", Map.of(
                        "DATABASE_URL", stack.databaseUrl,
                        "REDIS_URL", stack.redisUrl,
                        "KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrap,
                        "JWT_SECRET", TestStack.JWT_SECRET,
                        "REGISTRATION_BURST_PER_ADDRESS", "2",
                        "REGISTRATIONS_PER_HOUR_PER_ADDRESS", "1",
                        "TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1/32"),
                // reservedThreads other than Jetty's choice: a node once refused to start with it (the
                // pool was already running when the setting was applied).
                List.of("-Ddw.passwords.memoryKib=1024", "-Ddw.passwords.iterations=1", "-Ddw.server.reservedThreads=0"),
                java.nio.file.Path.of("target/node-logs").toAbsolutePath())) {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                statuses.add(register(node.http("/api/auth/register"), "203.0.113.44"));
            }
            assertThat(statuses).as("a burst of 2 from REGISTRATION_BURST_PER_ADDRESS").containsExactly(201, 201, 429);
            assertThat(register(node.http("/api/auth/register"), "203.0.113.45")).isEqualTo(201);

            Eventually.value(Duration.ofSeconds(20), () -> read(node), log ->
                    log.contains("203.0.113.44 - - [") && log.contains("203.0.113.45 - - ["));
            assertThat(read(node)).as("no colour codes in the log").doesNotContain("\u001b[");
        }
    }

    private static String read(NodeProcess node) {
        try {
            return Files.readString(node.log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int register(java.net.URI uri, String forwardedFor) throws IOException, InterruptedException {
        String body = "{\"name\":\"Env\",\"email\":\"env-" + UUID.randomUUID() + "@example.com\",\"password\":\"correct horse\"}";
        var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("X-Forwarded-For", forwardedFor).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
