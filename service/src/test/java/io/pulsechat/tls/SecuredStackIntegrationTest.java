package io.pulsechat.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.jackson.Jackson;
import io.pulsechat.kafka.KafkaFactory;
import io.pulsechat.testing.Api;
import io.pulsechat.testing.Api.Account;
import io.pulsechat.testing.Eventually;
import io.pulsechat.testing.NodeProcess;
import io.pulsechat.testing.SecureStack;
import io.pulsechat.testing.WsClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node on PostgreSQL, Redis and Kafka secured as managed services are: every connection over TLS to
 * servers whose certificates a CA of their own signed, with passwords (SCRAM for Kafka). The node is
 * configured as the README tells an operator to, and what it is refused it reports on /health and
 * logs once, never with a password.
 */
class SecuredStackIntegrationTest {
    private static final Path LOGS = Path.of("target/secure-node-logs").toAbsolutePath();
    private static final List<String> FAST = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Ddw.passwords.memoryKib=1024", "-Ddw.passwords.iterations=1");
    /** A warning or error in Dropwizard's console format: its time and its text (logger and message). */
    private static final Pattern WARNING = Pattern.compile(
            "^(?:WARN|ERROR) +\\[(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3})\\] (.*)$");
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    private static SecureStack stack;
    private static NodeProcess node;
    private static String migrateOutput;
    private static final String WRONG_PASSWORD = "wrong-" + UUID.randomUUID();
    private static List<Refused> refused = List.of();

    @BeforeAll
    static void startStackAndNode() throws IOException {
        stack = SecureStack.start();
        // The schema goes in as an operator puts it in: `db migrate`, with the URL the provider shows.
        migrateOutput = SecureStack.runCommand(stack.nodeEnv(), "db", "migrate");
        Map<String, String> env = new HashMap<>(stack.nodeEnv());
        // The CA as PEM text this time (it spans lines), and a client certificate that Redis verifies.
        env.put("REDIS_CA_PEM", Files.readString(stack.cert("ca.pem")));
        env.put("REDIS_CLIENT_CERT_PEM", stack.cert("client.pem").toString());
        env.put("REDIS_CLIENT_KEY_PEM", stack.cert("client.key").toString());
        // The nodes that are refused start meanwhile: most of their start-up is waiting for time-outs.
        refused = refusedNodes();
        for (Refused r : refused) {
            Map<String, String> refusedEnv = new HashMap<>(stack.nodeEnv());
            refusedEnv.putAll(r.env());
            r.node = NodeProcess.launch(r.nodeId(), refusedEnv, FAST, LOGS);
        }
        node = NodeProcess.start("secure-node", env, FAST, LOGS);
    }

    @AfterAll
    static void stopNodeAndStack() {
        refused.stream().filter(r -> r.node != null).forEach(r -> r.node.kill());
        if (node != null) {
            node.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void twoUsersChatOverTlsWithEveryServiceAuthenticated() {
        var api = new Api(node);
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        UUID chat = api.direct(ann, bob);

        try (var annWs = WsClient.connect(node, ann.token()); var bobWs = WsClient.connect(node, bob.token())) {
            annWs.sendMessage(chat, "tls-1", "hello over TLS");
            JsonNode ack = annWs.awaitType("ack");
            JsonNode received = bobWs.awaitType("receive-message");

            assertThat(ack.at("/message/seq").asLong()).isEqualTo(1);
            assertThat(received.get("message")).isEqualTo(ack.get("message"));
        }
        assertThat(api.history(bob, chat)).extracting(m -> m.get("body").asText()).containsExactly("hello over TLS");
        var health = api.get("/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().at("/checks/kafka/healthy").asBoolean()).isTrue();
    }

    @Test
    void neitherTheNodeNorDbMigrateLogsAPassword() throws IOException {
        new Api(node).register("Logged");

        String log = Files.readString(node.log());
        assertThat(log).contains("subscribed to Redis channel");
        assertNoSecretIn(log);
        assertThat(migrateOutput).contains("Update has been successful");
        assertNoSecretIn(migrateOutput);
    }

    @Test
    void kafkaOverMutualTlsNeedsTheClientCertificate() throws Exception {
        Map<String, Object> security = new HashMap<>(Map.of("protocol", "SSL", "caPem", stack.cert("ca.pem").toString()));
        KafkaFactory withoutCertificate = kafka(stack.kafkaMtlsPort, security);
        security.put("clientCertPem", stack.cert("client.pem").toString());
        security.put("clientKeyPem", stack.cert("client.key").toString());
        KafkaFactory withCertificate = kafka(stack.kafkaMtlsPort, security);

        try (Admin admin = Admin.create(withCertificate.clientProperties(new Properties()))) {
            assertThat(admin.describeCluster().nodes().get(60, TimeUnit.SECONDS)).hasSize(1);
        }
        try (Admin admin = Admin.create(withoutCertificate.clientProperties(new Properties()))) {
            assertThatThrownBy(() -> admin.describeCluster(new DescribeClusterOptions().timeoutMs(30_000)).nodes()
                    .get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SslAuthenticationException.class);
        }
    }

    /** One refusal of each kind per dependency, spread over three nodes: each is 503 naming it, and logged once. */
    @Test
    void aWrongPasswordAnUntrustedCertificateOrPlainTextIs503NamingTheDependency() throws IOException {
        for (Refused r : refused.subList(0, 3)) {
            var api = new Api(r.node);
            // Each dependency unhealthy, saying why (a slow first attempt may be a plain time-out at first).
            Eventually.value(Duration.ofSeconds(90), () -> health(api), h -> h != null && r.reasons().entrySet().stream()
                    .allMatch(reason -> !h.at("/checks/" + reason.getKey() + "/healthy").asBoolean(true)
                            && h.at("/checks/" + reason.getKey() + "/message").asText().contains(reason.getValue())));
            // Polled again and again, as a load balancer does: the log must not grow with the polls.
            for (int poll = 0; poll < 5; poll++) {
                assertThat(health(api).get("status").asText()).isEqualTo("unavailable");
            }

            String log = Files.readString(r.node.log());
            for (String dependency : List.of("postgres", "redis", "kafka")) {
                assertThat(lines(log, dependency + " is unavailable: ")).as(r.nodeId() + " " + dependency).isNotEmpty();
            }
            assertNoWarningRepeatedWithinAMinute(r.nodeId(), log);
            if (r.reasons().get("kafka").equals("Authentication failed")) {
                assertKafkaRefusalLoggedOnce(r.nodeId(), r.node.ownLog());
            }
            assertNoSecretIn(log);
        }
    }

    /**
     * A wrong Kafka password is one line (the node's outage log, saying why), not a line from each Kafka
     * client and each part of the node that uses one; then at most one a minute.
     */
    private static void assertKafkaRefusalLoggedOnce(String nodeId, String log) {
        List<String> warnings = log.lines().map(WARNING::matcher).filter(Matcher::matches).map(m -> m.group(2)).toList();
        List<String> fromKafkaParts = warnings.stream()
                .filter(w -> w.startsWith("org.apache.kafka") || w.startsWith("io.pulsechat.kafka")).toList();
        List<String> going = lines(log, "kafka is unavailable: ");
        List<LocalDateTime> times = log.lines().map(WARNING::matcher).filter(Matcher::matches)
                .map(m -> LocalDateTime.parse(m.group(1), LOG_TIME)).toList();
        long minutes = times.isEmpty() ? 0 : Duration.between(times.get(0), times.get(times.size() - 1)).toMinutes();
        System.out.println(nodeId + ": " + warnings.size() + " warnings: " + String.join(" | ", warnings));
        assertThat(fromKafkaParts).as(nodeId + ": warnings of Kafka's clients and the node's Kafka parts").isEmpty();
        assertThat(going).as(nodeId + ": lines saying Kafka went").hasSize(1);
        assertThat(going.get(0)).as(nodeId + ": what is wrong").contains("Authentication failed");
        assertThat(lines(log, "kafka is still unavailable")).as(nodeId + ": repeats, once a minute at most")
                .hasSizeLessThanOrEqualTo((int) minutes + 1);
    }

    /**
     * A plain-text Kafka client against a TLS listener would read the TLS alert as a response size and
     * run out of memory (KAFKA-4090): the node refuses to start instead, saying what to set.
     */
    @Test
    void aPlainTextKafkaClientForATlsListenerIsRefusedAtStartUp() throws IOException {
        NodeProcess plain = refused.get(3).node;
        Eventually.value(Duration.ofSeconds(90), plain::isAlive, alive -> !alive);

        String log = Files.readString(plain.log());
        assertThat(log).contains("speaks TLS, but kafka.security.protocol is PLAINTEXT: set KAFKA_SECURITY_PROTOCOL")
                .doesNotContain("OutOfMemoryError");
        assertNoSecretIn(log);
    }

    private static List<Refused> refusedNodes() {
        String untrusted = stack.cert("other-ca.pem").toString();
        String pg = "postgres://chat:%s@127.0.0.1:" + stack.pgPort + "/chat?sslmode=%s&sslrootcert=%s";
        return List.of(
                new Refused("refused-1", Map.of(
                        "KAFKA_PASSWORD", WRONG_PASSWORD,
                        "REDIS_CA_PEM", untrusted,
                        "DATABASE_URL", pg.formatted(stack.pgPassword, "disable", stack.cert("ca.pem"))),
                        Map.of("kafka", "Authentication failed", "redis", "TLS handshake failed", "postgres", "no encryption")),
                new Refused("refused-2", Map.of(
                        "KAFKA_CA_PEM", untrusted,
                        "REDIS_URL", "redis://127.0.0.1:" + stack.redisPort,
                        "DATABASE_URL", pg.formatted(WRONG_PASSWORD, "verify-full", stack.cert("ca.pem"))),
                        Map.of("kafka", "TLS handshake failed", "redis", "rediss:// for TLS",
                                "postgres", "password authentication failed")),
                new Refused("refused-3", Map.of(
                        "KAFKA_USERNAME", "nobody",
                        "REDIS_PASSWORD", WRONG_PASSWORD,
                        "DATABASE_URL", pg.formatted(stack.pgPassword, "verify-full", untrusted)),
                        Map.of("kafka", "Authentication failed", "redis", "WRONGPASS", "postgres", "TLS handshake failed")),
                new Refused("refused-plain-kafka", Map.of("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT"), Map.of()));
    }

    private static void assertNoSecretIn(String log) {
        assertThat(log).doesNotContain(WRONG_PASSWORD).doesNotContain(stack.pgPassword)
                .doesNotContain(stack.redisPassword).doesNotContain(stack.kafkaPassword);
    }

    /** A node configured with what the services refuse, and why /health should say they do. */
    private static final class Refused {
        private final String nodeId;
        private final Map<String, String> env;
        private final Map<String, String> reasons;
        private NodeProcess node;

        Refused(String nodeId, Map<String, String> env, Map<String, String> reasons) {
            this.nodeId = nodeId;
            this.env = env;
            this.reasons = reasons;
        }

        String nodeId() { return nodeId; }
        Map<String, String> env() { return env; }
        Map<String, String> reasons() { return reasons; }
    }

    /** The /health body once the node answers (null while it is starting). */
    private static JsonNode health(Api api) {
        try {
            var reply = api.get("/health", null);
            return reply.status() == 503 || reply.status() == 200 ? reply.body() : null;
        } catch (IllegalStateException notListeningYet) {
            return null;
        }
    }

    /**
     * The same warning (a client's reconnection error, a health check's failure, with or without its
     * stack trace) at most once a minute, however often the node retries or /health is polled.
     */
    private static void assertNoWarningRepeatedWithinAMinute(String nodeId, String log) {
        Map<String, LocalDateTime> last = new HashMap<>();
        log.lines().map(WARNING::matcher).filter(Matcher::matches).forEach(m -> {
            LocalDateTime at = LocalDateTime.parse(m.group(1), LOG_TIME);
            LocalDateTime before = last.put(m.group(2), at);
            if (before != null) {
                assertThat(Duration.between(before, at).abs()).as(nodeId + " repeated: " + m.group(2))
                        .isGreaterThan(Duration.ofSeconds(50));
            }
        });
    }

    private static List<String> lines(String log, String text) {
        return log.lines().filter(l -> l.contains(text)).toList();
    }

    private static KafkaFactory kafka(int port, Map<String, Object> security) {
        return Jackson.newObjectMapper().convertValue(
                Map.of("bootstrapServers", "127.0.0.1:" + port, "security", security), KafkaFactory.class);
    }
}
