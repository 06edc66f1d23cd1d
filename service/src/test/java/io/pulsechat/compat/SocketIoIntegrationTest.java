package io.pulsechat.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.pulsechat.testing.Api;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.pulsechat.testing.Api.Account;
import io.pulsechat.testing.Eventually;
import io.pulsechat.testing.NodeAddress;
import io.pulsechat.testing.TestNode;
import io.pulsechat.testing.WsClient;
import io.pulsechat.testing.Teardown;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The frontend's Socket.IO endpoint, with the real Java socket.io-client, against two nodes. */
class SocketIoIntegrationTest {
    private static TestNode nodeA;
    private static TestNode nodeB;
    private static Api api;

    private static final int REPLAY_LIMIT = 3;

    @BeforeAll
    static void startNodes() {
        nodeA = TestNode.start("sio-a", ConfigOverride.config("compat.pulsechatFrontend.enabled", "true"),
                ConfigOverride.config("compat.recoveryReplayLimit", String.valueOf(REPLAY_LIMIT)));
        nodeB = TestNode.start("sio-b", ConfigOverride.config("compat.pulsechatFrontend.enabled", "true"),
                ConfigOverride.config("compat.recoveryReplayLimit", String.valueOf(REPLAY_LIMIT)));
        api = new Api(nodeA);
    }

    @AfterAll
    static void stopNodes() {
        Teardown.closeAll(nodeB, nodeA);
    }

    @Test
    void socketIoAndWsClientsOnTwoNodesSeeEachOthersMessagesAndTheSenderGetsItsEcho() {
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        String chat = api.direct(ann, bob).toString();
        try (var annSio = SioClient.connect(nodeA, ann.token(), "polling");
             var bobSio = SioClient.connect(nodeB, "Bearer " + bob.token(), "websocket");
             var bobWs = WsClient.connect(nodeB, bob.token())) {
            assertThat(annSio.join(chat)).isEmpty();
            assertThat(bobSio.join(chat)).isEmpty();

            annSio.send(chat, new JSONObject().put("body", "hi from socket.io").put("chatId", chat)
                    .put("createdBy", new JSONObject().put("id", bob.id().toString()).put("name", "Mallory")));

            SioClient.Event echo = annSio.awaitMessage("hi from socket.io");
            JSONObject message = echo.payload();
            assertThat(message.getJSONObject("createdBy").getString("id")).isEqualTo(ann.id().toString());
            assertThat(message.getJSONObject("createdBy").getString("name")).isEqualTo("Ann");
            assertThat(message.getString("chatId")).isEqualTo(chat);
            assertThat(message.isNull("image")).isTrue();
            assertThat(message.isNull("public_id")).isTrue();
            assertThat(message.getBoolean("isEdited")).isFalse();
            assertThat(message.getString("updatedAt")).isEqualTo(message.getString("createdAt"));
            assertThat(echo.offset()).isEqualTo(chat + ":1");

            JsonNode received = bobWs.awaitType("receive-message");
            assertThat(received.at("/message/id").asText()).isEqualTo(message.getString("id"));
            assertThat(received.at("/message/senderId").asText()).isEqualTo(ann.id().toString());
            assertThat(bobSio.awaitMessage("hi from socket.io").payload().getString("id")).isEqualTo(message.getString("id"));

            bobWs.sendMessage(UUID.fromString(chat), "ws-1", "hi from /ws");
            assertThat(annSio.awaitMessage("hi from /ws").payload().getJSONObject("createdBy").getString("id"))
                    .isEqualTo(bob.id().toString());
            assertThat(bobSio.awaitMessage("hi from /ws").offset()).isEqualTo(chat + ":2");
        }
    }

    @Test
    void anonymousConnectIsRefused() {
        Object refusal = SioClient.refused(nodeA, null);
        assertThat(refusal).isInstanceOf(JSONObject.class);
        assertThat(((JSONObject) refusal).getString("message")).isEqualTo("unauthorized");
        assertThat(((JSONObject) SioClient.refused(nodeA, "not-a-token")).getString("message")).isEqualTo("unauthorized");
    }

    @Test
    void aForeignRoomCanBeNeitherJoinedNorWrittenTo() {
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        Account eve = api.register("Eve");
        UUID chat = api.direct(ann, bob);
        try (var eveSio = SioClient.connect(nodeA, eve.token(), "websocket")) {
            Object[] ack = eveSio.join(chat.toString());
            assertThat(ack).hasSize(1);
            assertThat(((JSONObject) ack[0]).getString("error")).isEqualTo("not_found");

            eveSio.send(chat.toString(), new JSONObject().put("body", "let me in"));
            SioClient.Event error = eveSio.await(e -> e.name().equals("ERROR"));
            assertThat(error.payload().getString("code")).isEqualTo("not_found");
            assertThat(error.payload().getString("room")).isEqualTo(chat.toString());
        }
        assertThat(api.history(ann, chat)).isEmpty();
    }

    @Test
    void aDroppedSocketRecoversItsRoomAndEveryMissedMessageOnceOnAnotherNode() {
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        UUID chat = api.direct(ann, bob);
        try (var bobWs = WsClient.connect(nodeA, bob.token())) {
            String pid;
            String sid;
            String offset;
            try (var first = RawSocketIo.open(nodeA)) {
                first.send("0{\"token\":\"Bearer " + ann.token() + "\"}");
                JsonNode connected = first.nextJson("0");
                pid = connected.get("pid").asText();
                sid = connected.get("sid").asText();
                first.send("21[\"JOIN\",{\"room\":\"" + chat + "\"}]");
                assertThat(first.nextSocketIo()).isEqualTo("31[]");
                bobWs.sendMessage(chat, "r-1", "before the drop");
                JsonNode event = first.nextJson("2");
                assertThat(event.get(1).get("body").asText()).isEqualTo("before the drop");
                offset = event.get(2).asText();
            }
            for (int i = 2; i <= 4; i++) {
                bobWs.sendMessage(chat, "r-" + i, "missed " + i);
                bobWs.await(f -> f.path("type").asText().equals("ack"));
            }

            try (var again = RawSocketIo.open(nodeB)) {
                again.send("0{\"token\":\"" + ann.token() + "\",\"pid\":\"" + pid + "\",\"offset\":\"" + offset + "\"}");
                JsonNode connected = again.nextJson("0");
                assertThat(connected.get("pid").asText()).as("the same pid: the client sees recovered=true").isEqualTo(pid);
                assertThat(connected.get("sid").asText()).isEqualTo(sid);
                for (int i = 2; i <= 4; i++) {
                    JsonNode missed = again.nextJson("2");
                    assertThat(missed.get(1).get("body").asText()).isEqualTo("missed " + i);
                    assertThat(missed.get(2).asText()).isEqualTo(chat + ":" + i);
                }
                bobWs.sendMessage(chat, "r-5", "live again");
                JsonNode live = again.nextJson("2");
                assertThat(live.get(1).get("body").asText()).as("no message twice, the room is back").isEqualTo("live again");
            }
        }
    }

    @Test
    void aSocketThatHasReceivedNothingYetRecoversWithItsPidAloneOnAnotherNode() {
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        UUID chat = api.direct(ann, bob);
        String pid = joinThenDrop(nodeA, ann, chat);
        sendRest(bob, chat, "missed 1");
        sendRest(bob, chat, "missed 2");

        try (var again = RawSocketIo.open(nodeB)) {
            again.send("0{\"token\":\"" + ann.token() + "\",\"pid\":\"" + pid + "\"}");
            assertThat(again.nextJson("0").get("pid").asText()).as("recovered without an offset").isEqualTo(pid);
            for (int i = 1; i <= 2; i++) {
                JsonNode missed = again.nextJson("2");
                assertThat(missed.get(1).get("body").asText()).isEqualTo("missed " + i);
                assertThat(missed.get(2).asText()).isEqualTo(chat + ":" + i);
            }
            sendRest(bob, chat, "live");
            assertThat(again.nextJson("2").get(1).get("body").asText()).as("still in the room").isEqualTo("live");
        }
    }

    @Test
    void aSocketRecoversAfterANightAsleep() throws Exception {
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        UUID chat = api.direct(ann, bob);
        String pid;
        String offset;
        try (var first = RawSocketIo.open(nodeA)) {
            first.send("0{\"token\":\"" + ann.token() + "\"}");
            pid = first.nextJson("0").get("pid").asText();
            first.send("21[\"JOIN\",{\"room\":\"" + chat + "\"}]");
            assertThat(first.nextSocketIo()).isEqualTo("31[]");
            sendRest(bob, chat, "good night");
            offset = first.nextJson("2").get(2).asText();
        }
        // The node saves the session when the transport drops, then the user shows offline.
        Eventually.value(Duration.ofSeconds(15), () -> api.get("/api/users/" + ann.id(), bob.token()).body()
                .get("online").asBoolean(), online -> !online);
        try (var db = RecoveryRows.open()) {
            assertThat(db.hoursLeft(UUID.fromString(pid))).as("the window covers a night").isGreaterThan(23);
            db.age(UUID.fromString(pid), 10);
        }
        sendRest(bob, chat, "good morning");

        try (var again = RawSocketIo.open(nodeB)) {
            again.send("0{\"token\":\"" + ann.token() + "\",\"pid\":\"" + pid + "\",\"offset\":\"" + offset + "\"}");
            assertThat(again.nextJson("0").get("pid").asText()).isEqualTo(pid);
            assertThat(again.nextJson("2").get(1).get("body").asText()).isEqualTo("good morning");
        }
    }

    @Test
    void aRecoveryReplaysAtMostTheNewestMessagesOfEachRoom() {
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        UUID chat = api.direct(ann, bob);
        String pid = joinThenDrop(nodeA, ann, chat);
        for (int i = 1; i <= REPLAY_LIMIT + 2; i++) {
            sendRest(bob, chat, "missed " + i);
        }
        try (var again = RawSocketIo.open(nodeA)) {
            again.send("0{\"token\":\"" + ann.token() + "\",\"pid\":\"" + pid + "\"}");
            assertThat(again.nextJson("0").get("pid").asText()).isEqualTo(pid);
            for (int i = 3; i <= REPLAY_LIMIT + 2; i++) {
                assertThat(again.nextJson("2").get(1).get("body").asText()).isEqualTo("missed " + i);
            }
            sendRest(bob, chat, "live");
            assertThat(again.nextJson("2").get(1).get("body").asText()).isEqualTo("live");
        }
    }

    @Test
    void everyConnectIsCountedAndLoggedAsRecoveredOrFreshWithWhy() {
        Account ann = api.register("Ann");
        var admin = new Api(nodeB);
        long recoveredBefore = meter(admin, "socketio.connects.recovered");
        long freshBefore = meter(admin, "socketio.connects.fresh");
        var log = new ListAppender<ILoggingEvent>();
        var logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.pulsechat.compat.socketio.SocketIoServer");
        log.start();
        logger.addAppender(log);
        // Test nodes log at WARN.
        Level level = logger.getLevel();
        logger.setLevel(Level.INFO);
        try {
            String pid;
            try (var first = RawSocketIo.open(nodeB)) {
                first.send("0{\"token\":\"" + ann.token() + "\"}");
                pid = first.nextJson("0").get("pid").asText();
            }
            try (var again = RawSocketIo.open(nodeB)) {
                again.send("0{\"token\":\"" + ann.token() + "\",\"pid\":\"" + pid + "\"}");
                assertThat(again.nextJson("0").get("pid").asText()).isEqualTo(pid);
            }
            assertThat(meter(admin, "socketio.connects.fresh")).isEqualTo(freshBefore + 1);
            assertThat(meter(admin, "socketio.connects.recovered")).isEqualTo(recoveredBefore + 1);
            List<String> lines = log.list.stream().filter(e -> e.getLevel() == Level.INFO)
                    .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(ann.id().toString())).toList();
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).contains("fresh (no pid");
            assertThat(lines.get(1)).contains("recovered (pid " + pid + " without an offset");
        } finally {
            logger.setLevel(level);
            logger.detachAppender(log);
        }
    }

    @Test
    void aUserConnectedOnlyOverSocketIoIsOnline() {
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        try (var annSio = SioClient.connect(nodeB, ann.token(), "websocket")) {
            Eventually.value(Duration.ofSeconds(15), () -> api.get("/api/users/" + ann.id(), bob.token()).body()
                    .get("online").asBoolean(), online -> online);
        }
        Eventually.value(Duration.ofSeconds(15), () -> api.get("/api/users/" + ann.id(), bob.token()).body()
                .get("online").asBoolean(), online -> !online);
    }

    @Test
    void deletingWithTheFrontendsRouteTellsWsSessionsAndSocketIoRooms() {
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        UUID chat = api.direct(ann, bob);
        try (var bobWs = WsClient.connect(nodeB, bob.token()); var bobSio = SioClient.connect(nodeB, bob.token(), "websocket")) {
            bobSio.join(chat.toString());
            String id = sendRest(ann, chat, "oops");
            bobSio.awaitMessage("oops");

            assertThat(api.delete("/api/chat/message?messageId=" + id, ann.token()).status()).isEqualTo(200);

            JsonNode deleted = bobWs.awaitType("message-deleted");
            assertThat(deleted.at("/message/id").asText()).isEqualTo(id);
            assertThat(deleted.at("/message/deleted").asBoolean()).isTrue();
            SioClient.Event event = bobSio.await(e -> e.name().equals("MESSAGE_DELETED"));
            assertThat(event.payload().getString("id")).isEqualTo(id);
            assertThat(event.payload().getString("chatId")).isEqualTo(chat.toString());
        }
    }

    @Test
    void socketIoDeliveriesAreCountedAsDelivered() {
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        UUID chat = api.direct(ann, bob);
        var admin = new Api(nodeB);
        try (var bobSio = SioClient.connect(nodeB, bob.token(), "websocket")) {
            bobSio.join(chat.toString());
            long before = meter(admin, "messages.delivered");
            sendRest(ann, chat, "counted");
            bobSio.awaitMessage("counted");
            assertThat(Eventually.value(Duration.ofSeconds(10), () -> meter(admin, "messages.delivered"), n -> n > before))
                    .isEqualTo(before + 1);
        }
    }

    /** Sends over REST, which answers once the message is stored; its id. */
    private static String sendRest(Account from, UUID chat, String body) {
        Api.Reply sent = api.post("/api/messages", java.util.Map.of("conversationId", chat.toString(),
                "clientMessageId", UUID.randomUUID().toString(), "body", body), from.token());
        assertThat(sent.status()).isEqualTo(201);
        return sent.body().get("id").asText();
    }

    private static long meter(Api admin, String name) {
        return admin.getAdmin("/metrics").at("/meters/" + name + "/count").asLong();
    }

    @Test
    void aSocketRecoversAfterTheNodeItWasOnRestarted() {
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        UUID chat = api.direct(ann, bob);
        String pid;
        String offset;
        try (var first = RawSocketIo.open(nodeA)) {
            first.send("0{\"token\":\"" + ann.token() + "\"}");
            pid = first.nextJson("0").get("pid").asText();
            first.send("22[\"JOIN\",{\"room\":\"" + chat + "\"}]");
            assertThat(first.nextSocketIo()).isEqualTo("32[]");
            try (var bobWs = WsClient.connect(nodeB, bob.token())) {
                bobWs.sendMessage(chat, "x-1", "before the restart");
                offset = first.nextJson("2").get(2).asText();
                nodeA.stop();
                bobWs.sendMessage(chat, "x-2", "while the node was down");
                bobWs.await(f -> f.path("type").asText().equals("ack"));
            }
        } finally {
            nodeA.startAgain();
        }
        try (var again = RawSocketIo.open(nodeA)) {
            again.send("0{\"token\":\"" + ann.token() + "\",\"pid\":\"" + pid + "\",\"offset\":\"" + offset + "\"}");
            assertThat(again.nextJson("0").get("pid").asText()).isEqualTo(pid);
            JsonNode missed = again.nextJson("2");
            assertThat(missed.get(1).get("body").asText()).isEqualTo("while the node was down");
            assertThat(missed.get(2).asText()).isEqualTo(chat + ":2");
        }
    }

    @Test
    void pollingAnswersTheFrontendsOriginAndRefusesOversizedPayloads() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var handshake = http.send(java.net.http.HttpRequest.newBuilder(nodeA.http("/socket.io/?EIO=4&transport=polling"))
                .header("Origin", "http://localhost:3000").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(handshake.statusCode()).isEqualTo(200);
        assertThat(handshake.headers().firstValue("Access-Control-Allow-Origin")).contains("http://localhost:3000");
        String sid = Api.JSON.readTree(handshake.body().substring(1)).get("sid").asText();

        // The node refuses on the declared length, before reading the body. Sending the megabyte could race the
        // node closing the connection (the client then sees a reset, not the 413), and Java 17's HttpClient hangs on
        // Expect: 100-continue answered with a final status (JDK-8286171): so only the request's head is sent.
        java.net.URI polling = nodeA.http("/socket.io/?EIO=4&transport=polling&sid=" + sid);
        try (var socket = new java.net.Socket(polling.getHost(), polling.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST " + polling.getRawPath() + "?" + polling.getRawQuery() + " HTTP/1.1\r\n"
                    + "Host: " + polling.getAuthority() + "\r\nContent-Type: text/plain;charset=UTF-8\r\n"
                    + "Content-Length: " + (1 + 1100 * 1024) + "\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            assertThat(status).startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void aPacketOverTheFrameLimitEndsTheConnection() {
        Account ann = api.register("Ann");
        UUID notes = api.direct(ann, api.register("Bob"));
        try (var raw = RawSocketIo.open(nodeA)) {
            raw.send("0{\"token\":\"" + ann.token() + "\"}");
            raw.nextJson("0");
            raw.send("2[\"MESSAGE\",{\"room\":\"" + notes + "\",\"message\":{\"body\":\"" + "x".repeat(70 * 1024) + "\"}}]");
            assertThat(raw.awaitClose()).isEqualTo(1009);
        }
        assertThat(api.history(ann, notes)).isEmpty();
    }

    @Test
    void aBurstOfFiftyMessagesFromOneSocketIsStoredAndDeliveredInTheOrderItWasSent() {
        Account ann = api.register("Ann");
        Account bob = api.register("Bob");
        String chat = api.direct(ann, bob).toString();
        try (var annSio = SioClient.connect(nodeA, ann.token(), "polling"); var bobSio = SioClient.connect(nodeB, bob.token(), "websocket")) {
            bobSio.join(chat);
            for (int i = 1; i <= 50; i++) {
                annSio.send(chat, new JSONObject().put("body", "burst " + i));
            }
            for (int i = 1; i <= 50; i++) {
                SioClient.Event event = bobSio.await(e -> e.name().equals("MESSAGE"));
                assertThat(event.payload().getString("body")).isEqualTo("burst " + i);
                assertThat(event.offset()).isEqualTo(chat + ":" + i);
            }
        }
    }

    /** A socket that connects, joins a room and drops before it has received anything: its pid. */
    private static String joinThenDrop(NodeAddress node, Account account, UUID room) {
        try (var socket = RawSocketIo.open(node)) {
            socket.send("0{\"token\":\"" + account.token() + "\"}");
            String pid = socket.nextJson("0").get("pid").asText();
            socket.send("21[\"JOIN\",{\"room\":\"" + room + "\"}]");
            assertThat(socket.nextSocketIo()).isEqualTo("31[]");
            return pid;
        }
    }
}
