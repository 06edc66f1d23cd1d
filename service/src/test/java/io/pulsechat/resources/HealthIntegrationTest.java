package io.pulsechat.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pulsechat.testing.Api;
import io.pulsechat.testing.Eventually;
import io.pulsechat.testing.TestNode;
import io.pulsechat.testing.TestStack;
import io.pulsechat.testing.Teardown;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HealthIntegrationTest {
    private static TestNode node;
    private static Api api;

    @BeforeAll
    static void startNode() {
        node = TestNode.start("health-node");
        api = new Api(node);
    }

    @AfterAll
    static void stopNode() {
        Teardown.closeAll(node);
    }

    @Test
    void healthyWhenEveryDependencyIsUp() {
        var reply = api.get("/health", null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().get("status").asText()).isEqualTo("ok");
        assertThat(reply.body().get("checks").fieldNames()).toIterable().containsExactly("postgres", "redis", "kafka");
    }

    @Test
    void aStoppedDependencyIs503NamingItThenRecovers() {
        assumeTrue(TestStack.get().owned(), "needs a stack this JVM started");
        TestStack.get().stop("redis");
        try {
            var down = Eventually.value(Duration.ofSeconds(20), () -> api.get("/health", null), r -> r.status() == 503);
            assertThat(down.body().at("/checks/redis/healthy").asBoolean()).isFalse();
            assertThat(down.body().at("/checks/postgres/healthy").asBoolean()).isTrue();
            assertThat(down.body().at("/checks/kafka/healthy").asBoolean()).isTrue();
        } finally {
            TestStack.get().start("redis");
        }
        Eventually.value(Duration.ofSeconds(20), () -> api.get("/health", null), r -> r.status() == 200);
    }

    @Test
    void adminPortServesDropwizardAndPrometheusMetrics() throws Exception {
        var http = HttpClient.newHttpClient();
        HttpResponse<String> prometheus = http.send(HttpRequest.newBuilder(node.admin("/metrics/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> healthcheck = http.send(HttpRequest.newBuilder(node.admin("/healthcheck")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("messages_received_total").contains("websocket_sessions")
                .contains("kafka_consumer_lag").contains("messages_latency");
        assertThat(healthcheck.body()).contains("\"postgres\"").contains("\"redis\"").contains("\"kafka\"");
    }
}
