package io.pulsechat.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.pulsechat.testing.Api;
import io.pulsechat.testing.Api.Account;
import io.pulsechat.testing.TestNode;
import io.pulsechat.testing.WsClient;
import java.util.UUID;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The frontend's Socket.IO endpoint, with the real Java socket.io-client, against two nodes. */
class SocketIoIntegrationTest {
    private static TestNode nodeA;
    private static TestNode nodeB;
    private static Api api;

    @BeforeAll
    static void startNodes() {
        nodeA = TestNode.start("sio-a", ConfigOverride.config("compat.pulsechatFrontend.enabled", "true"));
        nodeB = TestNode.start("sio-b", ConfigOverride.config("compat.pulsechatFrontend.enabled", "true"));
        api = new Api(nodeA);
    }

    @AfterAll
    static void stopNodes() {
        nodeB.stop();
        nodeA.stop();
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
    void aConnectWithAPidButNoOffsetDoesNotRecover() {
        Account ann = api.register("Ann");
        String pid;
        try (var first = RawSocketIo.open(nodeA)) {
            first.send("0{\"token\":\"" + ann.token() + "\"}");
            pid = first.nextJson("0").get("pid").asText();
        }
        try (var again = RawSocketIo.open(nodeA)) {
            again.send("0{\"token\":\"" + ann.token() + "\",\"pid\":\"" + pid + "\"}");
            assertThat(again.nextJson("0").get("pid").asText()).isNotEqualTo(pid);
        }
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

        var tooLarge = http.send(java.net.http.HttpRequest.newBuilder(nodeA.http("/socket.io/?EIO=4&transport=polling&sid=" + sid))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("4" + "x".repeat(1100 * 1024))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(tooLarge.statusCode()).isEqualTo(413);
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
}
