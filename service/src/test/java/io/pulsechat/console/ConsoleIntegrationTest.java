package io.pulsechat.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulsechat.testing.Api;
import io.pulsechat.testing.Eventually;
import io.pulsechat.testing.TestNode;
import io.pulsechat.testing.TestStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

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

    /**
     * A dead node stays listed as gone when Redis restarts empty; while Redis is down a node whose state
     * cannot be known is unknown, without figures, and the gone one is still counted gone.
     */
    @Test
    void theDeadStayListedThroughARedisRestartAndWhileItIsDownTheUnknownAreNotShownWell() {
        assumeTrue(TestStack.get().owned(), "restarting Redis needs a stack this JVM started");
        try (TestNode watcher = TestNode.start("console-watcher"); TestNode other = TestNode.start("console-other")) {
            var api = new Api(watcher);
            TestNode dead = TestNode.start("console-dead");
            dead.stop();
            Eventually.value(Duration.ofSeconds(30), () -> api.getAdmin("/console/api/state"),
                    state -> statusOf(state, "console-dead").equals("gone") && statusOf(state, "console-other").equals("live"));

            TestStack.get().stop("redis");
            try {
                JsonNode down = Eventually.value(Duration.ofSeconds(30), () -> api.getAdmin("/console/api/state"),
                        state -> statusOf(state, "console-other").equals("unknown"));
                assertThat(nodeOf(down, "console-other").path("snapshot").isNull())
                        .as("an unknown node's last figures are not shown").isTrue();
                assertThat(statusOf(down, "console-dead")).isEqualTo("gone");
                assertThat(down.at("/view/totals/goneNodes").asInt()).as("gone in the header").isGreaterThanOrEqualTo(1);
                assertThat(down.at("/view/totals/unknownNodes").asInt()).isGreaterThanOrEqualTo(1);
                assertThat(statusOf(down, "console-watcher")).isEqualTo("live");
            } finally {
                TestStack.get().start("redis");
            }

            JsonNode after = Eventually.value(Duration.ofSeconds(30), () -> api.getAdmin("/console/api/state"),
                    state -> state.at("/view/error").isNull() && statusOf(state, "console-other").equals("live"));
            assertThat(statusOf(after, "console-dead")).as("a dead node, after Redis restarted empty").isEqualTo("gone");
            try (var redis = new JedisPooled(TestStack.get().redisUrl)) {
                assertThat(redis.zscore("{pulsechat:console}:nodes", "console-dead"))
                        .as("written back to Redis, for nodes started after the restart").isNotNull();
            }
        }
    }

    @Test
    void thePartitionsOfTheStoringGroupAreListedWithTheirOwnersAndLag() {
        try (TestNode node = TestNode.start("console-partitions")) {
            JsonNode state = Eventually.value(Duration.ofSeconds(30), () -> new Api(node).getAdmin("/console/api/state"),
                    s -> s.at("/partitions/rows").size() > 0 && s.at("/partitions/error").isNull()
                            && s.at("/partitions/rows").findValues("owner").stream().noneMatch(JsonNode::isNull));
            assertThat(state.at("/partitions/topic").asText()).isEqualTo("messages");
            for (JsonNode row : state.at("/partitions/rows")) {
                assertThat(row.path("owner").asText()).as("partition " + row.path("partition")).startsWith("pulsechat-");
                assertThat(row.path("lag").asLong()).isGreaterThanOrEqualTo(0);
            }
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
        JsonNode node = nodeOf(state, nodeId);
        return node == null ? "absent" : node.path("status").asText();
    }

    private static JsonNode nodeOf(JsonNode state, String nodeId) {
        for (JsonNode node : state.at("/view/nodes")) {
            if (node.path("nodeId").asText().equals(nodeId)) {
                return node;
            }
        }
        return null;
    }

    private static int send(String method, URI uri) throws Exception {
        var request = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
