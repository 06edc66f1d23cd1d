package io.pulsechat.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulsechat.testing.Api;
import io.pulsechat.testing.Api.Account;
import io.pulsechat.testing.NodeProcess;
import io.pulsechat.testing.Teardown;
import io.pulsechat.testing.WsClient;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** SIGTERM to a node mid-stream: its clients are told to reconnect, and nothing acknowledged is lost or stored twice. */
class ShutdownIntegrationTest {
    private static final int MESSAGES = 200;

    @Test
    void aTerminatedNodeClosesWith1001AndLosesNothing() throws Exception {
        List<NodeProcess> nodes = NodeProcess.allOnTestStack("leaving", "staying");
        NodeProcess leaving = nodes.get(0);
        NodeProcess staying = nodes.get(1);
        try {
            Api api = new Api(staying);
            Account ann = api.register("Ann");
            Account bob = api.register("Bob");
            UUID chat = api.direct(ann, bob);
            Map<String, JsonNode> acked = new HashMap<>();
            try (var bobWs = WsClient.connect(staying, bob.token())) {
                var annWs = WsClient.connect(leaving, ann.token());
                // The first send of a conversation waits for its members from PostgreSQL, and a loaded machine
                // (CI: load 20) answered it `unavailable` after memberships.lookupDeadline: a client sends it
                // again, which would store it after the others. So t-0 first, acknowledged, as a client would.
                sendUntilAcknowledged(annWs, chat, "t-0");
                IntStream.range(1, MESSAGES).forEach(i -> annWs.sendMessage(chat, "t-" + i, "message " + i));
                annWs.await(f -> f.path("type").asText().equals("ack"));
                int exit = leaving.terminate();

                assertThat(annWs.awaitClose()).isEqualTo(1001);
                assertThat(exit).as("the JVM's exit code on SIGTERM").isIn(0, 143);
                annWs.drain().stream().filter(f -> f.path("type").asText().equals("ack"))
                        .forEach(f -> acked.put(f.get("clientMessageId").asText(), f.get("message")));

                // The client resends what was not acknowledged, on the node that stayed.
                try (var again = WsClient.connect(staying, ann.token())) {
                    List<Integer> unacked = IntStream.range(0, MESSAGES).filter(i -> !acked.containsKey("t-" + i)).boxed().toList();
                    unacked.forEach(i -> again.sendMessage(chat, "t-" + i, "message " + i));
                    for (int i = 0; i < unacked.size(); i++) {
                        JsonNode ack = again.awaitType("ack");
                        acked.put(ack.get("clientMessageId").asText(), ack.get("message"));
                    }
                }
                List<JsonNode> history = api.history(bob, chat);
                assertThat(history).extracting(m -> m.get("clientMessageId").asText())
                        .containsExactlyElementsOf(IntStream.range(0, MESSAGES).mapToObj(i -> "t-" + i).toList());
                assertThat(history).extracting(m -> m.get("seq").asLong())
                        .containsExactlyElementsOf(IntStream.rangeClosed(1, MESSAGES).mapToObj(i -> (long) i).toList());
                history.forEach(m -> assertThat(acked.get(m.get("clientMessageId").asText())).isEqualTo(m));

                bobWs.await(f -> f.at("/message/clientMessageId").asText().equals("t-" + (MESSAGES - 1)));
                Set<String> delivered = bobWs.drain().stream().filter(f -> f.path("type").asText().equals("receive-message"))
                        .map(f -> f.at("/message/id").asText()).collect(Collectors.toSet());
                assertThat(delivered).containsAll(history.stream().map(m -> m.get("id").asText()).toList());
            }
            String log = Files.readString(leaving.log()) + Files.readString(staying.log());
            assertThat(log).as("tokens never appear in logs").doesNotContain(ann.token()).doesNotContain(bob.token());
        } finally {
            Teardown.closeAll(nodes.toArray(AutoCloseable[]::new));
        }
    }

    /** Sends until acknowledged; only `unavailable` (the node's answer to a dependency too slow) is retried. */
    private static void sendUntilAcknowledged(WsClient ws, UUID chat, String clientMessageId) {
        for (int attempt = 1; ; attempt++) {
            ws.sendMessage(chat, clientMessageId, "message " + clientMessageId.substring(2));
            JsonNode answer = ws.await(f -> clientMessageId.equals(f.path("clientMessageId").asText())
                    && (f.path("type").asText().equals("ack") || f.path("type").asText().equals("error")));
            if (answer.path("type").asText().equals("ack")) {
                return;
            }
            assertThat(answer.path("code").asText()).as("the only refusal a client retries").isEqualTo("unavailable");
            assertThat(attempt).as("attempts at " + clientMessageId).isLessThan(10);
        }
    }

    @Test
    void tokensSentInEveryWayNeverReachTheLog() throws Exception {
        NodeProcess node = NodeProcess.onTestStack("log-check");
        try {
            Api api = new Api(node);
            Account ann = api.register("Ann");
            String tampered = ann.token().substring(0, ann.token().length() - 3) + "xyz";
            api.get("/api/users/me", ann.token());
            api.get("/api/users/me", tampered);
            api.get("/api/users/me?access_token=" + tampered, null);
            assertThat(WsClient.upgradeStatus(node.ws("access_token=" + ann.token()), null, null)).isEqualTo(101);
            assertThat(WsClient.upgradeStatus(node.ws("access_token=" + tampered), null, null)).isEqualTo(401);
            assertThat(WsClient.upgradeStatus(node.ws(null), "Bearer " + tampered, null)).isEqualTo(401);
            node.terminate();

            String log = Files.readString(node.log());
            assertThat(log).contains("GET /ws").contains("GET /api/users/me");
            assertThat(log.strip().lines().reduce((first, second) -> second).orElseThrow())
                    .as("a node's log ends saying it stopped").endsWith("node log-check stopped");
            assertThat(log).as("logback-access keeps its start-up status to itself").doesNotContain("|-INFO");
            assertThat(log).doesNotContain(ann.token()).doesNotContain(tampered)
                    .doesNotContain(ann.token().substring(ann.token().lastIndexOf('.') + 1));
        } finally {
            node.close();
        }
    }
}
