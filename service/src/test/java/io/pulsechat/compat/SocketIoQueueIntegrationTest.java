package io.pulsechat.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.pulsechat.testing.Api;
import io.pulsechat.testing.Api.Account;
import io.pulsechat.testing.Eventually;
import io.pulsechat.testing.TestNode;
import io.pulsechat.testing.Teardown;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Socket.IO's outbound queue on a node with the smallest allowed `websocket.maxQueuedFrames` (16): a
 * long-polling client that stops polling is disconnected, not buffered for; a recovery that replays
 * more than the queue holds is paced by what the client takes, and arrives whole.
 */
class SocketIoQueueIntegrationTest {
    private static final int MAX_QUEUED = 16;
    private static TestNode node;
    private static Api api;

    @BeforeAll
    static void startNode() {
        node = TestNode.start("sio-queue", ConfigOverride.config("compat.pulsechatFrontend.enabled", "true"),
                ConfigOverride.config("compat.recoveryReplayLimit", "500"),
                ConfigOverride.config("websocket.maxQueuedFrames", String.valueOf(MAX_QUEUED)));
        api = new Api(node);
    }

    @AfterAll
    static void stopNode() {
        Teardown.closeAll(node);
    }

    private static void send(Account from, UUID chat, String body) {
        assertThat(api.post("/api/messages", Map.of("conversationId", chat.toString(), "clientMessageId",
                UUID.randomUUID().toString(), "body", body), from.token()).status()).isEqualTo(201);
    }

    private static long slowDisconnects() {
        return api.getAdmin("/metrics").at("/meters/socketio.disconnects.slow/count").asLong();
    }

    /** Connects and joins over long-polling; answers the pid. */
    private static String connectAndJoin(PollingSocketIo client, Account user, UUID... rooms) throws Exception {
        client.send("0{\"token\":\"" + user.token() + "\"}");
        String connected = client.poll().packets().get(0);
        assertThat(connected).startsWith("40{");
        for (int i = 0; i < rooms.length; i++) {
            client.send("2" + i + "[\"JOIN\",{\"room\":\"" + rooms[i] + "\"}]");
            assertThat(client.poll().packets()).containsExactly("43" + i + "[]");
        }
        return Api.JSON.readTree(connected.substring(2)).get("pid").asText();
    }

    @Test
    void aLongPollingClientThatStopsPollingIsDisconnectedInsteadOfBufferedFor() throws Exception {
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        UUID chat = api.direct(ann, bob);
        long before = slowDisconnects();
        var client = PollingSocketIo.open(node);
        connectAndJoin(client, ann, chat);

        for (int i = 1; i <= 2 * MAX_QUEUED; i++) {
            send(bob, chat, "unread " + i);
        }

        Eventually.value(Duration.ofSeconds(15), SocketIoQueueIntegrationTest::slowDisconnects, n -> n > before);
        PollingSocketIo.Poll buffered = client.poll();
        assertThat(buffered.socketIoEvents()).as("no more than the queue holds").isLessThanOrEqualTo(MAX_QUEUED);
        assertThat(buffered.closed() || client.poll().closed()).as("the connection ends").isTrue();
    }

    @Test
    void aRecoveryOverLongPollingLargerThanTheQueueArrivesWholeAndInOrder() throws Exception {
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        UUID first = api.direct(ann, bob);
        UUID second = api.group(bob, "Team", ann);
        long before = slowDisconnects();
        var dropped = PollingSocketIo.open(node);
        String pid = connectAndJoin(dropped, ann, first, second);
        dropped.drop();
        for (int i = 1; i <= MAX_QUEUED; i++) {
            send(bob, first, "first " + i);
            send(bob, second, "second " + i);
        }

        var again = PollingSocketIo.open(node);
        again.send("0{\"token\":\"" + ann.token() + "\",\"pid\":\"" + pid + "\"}");
        List<String> received = new ArrayList<>();
        String connected = null;
        while (received.size() < 2 * MAX_QUEUED) {
            PollingSocketIo.Poll poll = again.poll();
            assertThat(poll.closed()).as("disconnected after " + received.size() + " messages").isFalse();
            for (String packet : poll.packets()) {
                if (packet.startsWith("40{")) {
                    connected = packet;
                } else if (packet.startsWith("42")) {
                    received.add(Api.JSON.readTree(packet.substring(2)).get(1).get("body").asText());
                }
            }
        }
        assertThat(connected).contains(pid);
        List<String> inFirst = received.stream().filter(b -> b.startsWith("first")).toList();
        List<String> inSecond = received.stream().filter(b -> b.startsWith("second")).toList();
        for (int i = 1; i <= MAX_QUEUED; i++) {
            assertThat(inFirst.get(i - 1)).isEqualTo("first " + i);
            assertThat(inSecond.get(i - 1)).isEqualTo("second " + i);
        }
        assertThat(slowDisconnects()).isEqualTo(before);
    }
}
