package io.pulsechat.resources;

import static io.dropwizard.testing.ConfigOverride.config;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulsechat.testing.Api;
import io.pulsechat.testing.Api.Account;
import io.pulsechat.testing.TestNode;
import io.pulsechat.testing.WsClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Users behind one address share its allowance of sends and typing notices, whatever their own limits. */
class AddressLimitIntegrationTest {
    @Test
    void sendsAndTypingFromOneAddressShareItsLimit() {
        TestNode node = TestNode.start("address-limited", config("abuse.sendsPerSecondPerAddress", "6"));
        try {
            Api api = new Api(node);
            Account ann = api.register("Ann");
            Account bob = api.register("Bob");
            UUID chat = api.direct(ann, bob);
            try (var annWs = WsClient.connect(node, ann.token()); var bobWs = WsClient.connect(node, bob.token())) {
                for (int i = 0; i < 4; i++) {
                    annWs.sendMessage(chat, "a-" + i, "from ann");
                    bobWs.send(Map.of("type", "typing", "conversationId", chat.toString()));
                }
                // A marker after the burst: once its answer is in, every earlier answer is too.
                annWs.send(Map.of("type", "ping"));
                bobWs.send(Map.of("type", "ping"));
                annWs.awaitType("pong");
                bobWs.awaitType("pong");

                List<JsonNode> refused = java.util.stream.Stream.concat(annWs.drain().stream(), bobWs.drain().stream())
                        .filter(f -> f.path("type").asText().equals("error")).toList();
                assertThat(refused).as("8 frames against an allowance of 6").isNotEmpty()
                        .allSatisfy(f -> {
                            assertThat(f.get("code").asText()).isEqualTo("rate_limited");
                            assertThat(f.get("message").asText()).contains("address");
                        });
            }
        } finally {
            node.stop();
        }
    }
}
