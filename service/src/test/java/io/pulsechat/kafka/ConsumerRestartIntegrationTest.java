package io.pulsechat.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulsechat.testing.Api;
import io.pulsechat.testing.Api.Account;
import io.pulsechat.testing.TestNode;
import io.pulsechat.testing.WsClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** A consumer that stops and starts again mid-stream: nothing is lost, nothing stored twice. */
class ConsumerRestartIntegrationTest {
    private static final int MESSAGES = 300;

    private static void sendRange(WsClient ws, UUID chat, int from, int to) {
        IntStream.range(from, to).forEach(i -> ws.sendMessage(chat, "r-" + i, "message " + i));
    }

    @Test
    void restartingANodeMidStreamLosesAndDuplicatesNothing() {
        TestNode sender = TestNode.start("restart-sender");
        TestNode restarted = TestNode.start("restart-victim");
        try {
            Api api = new Api(sender);
            Account ann = api.register("Ann");
            Account bob = api.register("Bob");
            UUID chat = api.direct(ann, bob);
            try (var annWs = WsClient.connect(sender, ann.token())) {
                sendRange(annWs, chat, 0, 100);
                restarted.stop();
                sendRange(annWs, chat, 100, 200);
                restarted.startAgain();
                sendRange(annWs, chat, 200, MESSAGES);

                Set<String> acked = new HashSet<>();
                while (acked.size() < MESSAGES) {
                    JsonNode frame = annWs.await(f -> f.path("type").asText().equals("ack"), Duration.ofSeconds(60));
                    acked.add(frame.get("clientMessageId").asText());
                }
                assertThat(annWs.drain()).filteredOn(f -> f.path("type").asText().equals("error")).isEmpty();
            }

            List<JsonNode> history = api.history(bob, chat);
            assertThat(history).extracting(m -> m.get("seq").asLong())
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, MESSAGES).boxed().toList());
            assertThat(history).extracting(m -> m.get("clientMessageId").asText())
                    .containsExactlyElementsOf(IntStream.range(0, MESSAGES).mapToObj(i -> "r-" + i).toList());
        } finally {
            restarted.stop();
            sender.stop();
        }
    }
}
