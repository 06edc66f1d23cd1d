package io.pulsechat.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.pulsechat.testing.Api;
import io.pulsechat.testing.Api.Account;
import io.pulsechat.testing.Teardown;
import io.pulsechat.testing.TestNode;
import io.pulsechat.testing.WsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node with `kafka.consumerThreads: 0` stores nothing: its sends are stored by the other node's
 * consumer, and it delivers them to its own sessions like any node (README "Scaling out").
 */
class DeliveringNodeIntegrationTest {
    private static final int MESSAGES = 40;
    private static TestNode storing;
    private static TestNode delivering;

    @BeforeAll
    static void startNodes() {
        storing = TestNode.start("storing");
        delivering = TestNode.start("delivering", ConfigOverride.config("kafka.consumerThreads", "0"));
    }

    @AfterAll
    static void stopNodes() {
        Teardown.closeAll(delivering, storing);
    }

    @Test
    void aNodeThatStoresNothingSendsAndDeliversWhatAnotherNodeStores() {
        Api api = new Api(delivering);
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        Account cat = api.register("Cat");
        UUID chat = api.group(ann, "non-storing", bob, cat);
        try (var annWs = WsClient.connect(delivering, ann.token()); var bobWs = WsClient.connect(storing, bob.token());
             var catWs = WsClient.connect(delivering, cat.token())) {
            IntStream.range(0, MESSAGES).forEach(i -> annWs.sendMessage(chat, "d-" + i, "message " + i));

            List<Long> acked = new ArrayList<>();
            List<Long> bobSaw = new ArrayList<>();
            List<Long> catSaw = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                acked.add(annWs.awaitType("ack").at("/message/seq").asLong());
                bobSaw.add(bobWs.awaitType("receive-message").at("/message/seq").asLong());
                catSaw.add(catWs.awaitType("receive-message").at("/message/seq").asLong());
            }
            List<Long> seqs = LongStream.rangeClosed(1, MESSAGES).boxed().toList();
            assertThat(acked).containsExactlyElementsOf(seqs);
            assertThat(bobSaw).as("the storing node's session").containsExactlyElementsOf(seqs);
            assertThat(catSaw).as("the delivering node's other session").containsExactlyElementsOf(seqs);
        }

        JsonNode deliveringGauges = new Api(delivering).getAdmin("/metrics").get("gauges");
        JsonNode storingGauges = new Api(storing).getAdmin("/metrics").get("gauges");
        assertThat(deliveringGauges.at("/kafka.consumer.partitions/value").asInt()).as("partitions it consumes").isZero();
        assertThat(storingGauges.at("/kafka.consumer.partitions/value").asInt()).isPositive();
        assertThat(new Api(delivering).getAdmin("/healthcheck").at("/kafka/healthy").asBoolean()).isTrue();
    }
}
