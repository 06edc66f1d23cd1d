package io.pulsechat.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulsechat.testing.Api;
import io.pulsechat.testing.Eventually;
import io.pulsechat.testing.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The console's page and state on a real node, without a browser: where it is served and what it says. */
class ConsoleIntegrationTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void isServedOnTheAdminPortOnlyAndIsReadOnly() throws Exception {
        try (TestNode node = TestNode.start("console-ports")) {
            assertThat(send("GET", node.admin("/console/"))).isEqualTo(200);
            assertThat(send("GET", node.admin("/console/console.js"))).isEqualTo(200);
            assertThat(send("GET", node.admin("/console/api/state"))).isEqualTo(200);
            assertThat(send("GET", node.admin("/console/nothing-here"))).isEqualTo(404);
            for (String path : List.of("/console", "/console/", "/console/api/state", "/console/console.js")) {
                assertThat(send("GET", node.http(path))).as("application port " + path).isEqualTo(404);
            }
            for (String method : List.of("POST", "PUT", "DELETE")) {
                assertThat(send(method, node.admin("/console/api/state"))).as(method).isEqualTo(405);
            }
        }
    }

    @Test
    void theStateListsEveryLiveNodeWithItsHealthAndANodeThatStoppedAsGone() {
        try (TestNode first = TestNode.start("console-first")) {
            var api = new Api(first);
            TestNode second = TestNode.start("console-second");
            try {
                assertBothLive(api);
            } finally {
                second.stop();
            }

            JsonNode after = Eventually.value(Duration.ofSeconds(30), () -> api.getAdmin("/console/api/state"),
                    state -> statusOf(state, "console-second").equals("gone"));
            assertThat(statusOf(after, "console-first")).isEqualTo("live");
        }
    }

    private static void assertBothLive(Api api) {
        JsonNode both = Eventually.value(Duration.ofSeconds(30), () -> api.getAdmin("/console/api/state"),
                state -> statusOf(state, "console-first").equals("live") && statusOf(state, "console-second").equals("live"));
        assertThat(both.path("nodeId").asText()).isEqualTo("console-first");
        assertThat(both.at("/health/redis/healthy").asBoolean()).isTrue();
        assertThat(both.at("/health/postgres/healthy").asBoolean()).isTrue();
        assertThat(both.at("/health/kafka/message").asText()).contains("broker");
        assertThat(both.path("samples").size()).isPositive();
        assertThat(both.at("/view/totals/liveNodes").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(both.at("/view/totals/partitions").asInt()).isPositive();
    }

    private static String statusOf(JsonNode state, String nodeId) {
        for (JsonNode node : state.at("/view/nodes")) {
            if (node.path("nodeId").asText().equals(nodeId)) {
                return node.path("status").asText();
            }
        }
        return "absent";
    }

    private static int send(String method, URI uri) throws Exception {
        var request = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
