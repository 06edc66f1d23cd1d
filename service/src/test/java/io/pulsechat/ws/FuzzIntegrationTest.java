package io.pulsechat.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulsechat.testing.Api;
import io.pulsechat.testing.Api.Account;
import io.pulsechat.testing.TestNode;
import io.pulsechat.testing.WsClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile and odd input, generated: every WebSocket frame type and every REST body with random JSON,
 * wrong types, huge strings, deep nesting, NUL and control characters, emoji and right-to-left text.
 * Each gets a 4xx or an `error` frame, never a 500 or a dead session; valid text round-trips exactly.
 */
class FuzzIntegrationTest {
    private static final Set<String> ERROR_CODES = Set.of("bad_request", "forbidden", "not_found", "too_large",
            "rate_limited", "unavailable");
    private static final List<String> FRAME_TYPES = List.of("send-message", "sync", "typing", "read", "ping", "bogus", "");
    private static final List<String> FIELDS = List.of("conversationId", "clientMessageId", "body", "afterSeq", "limit", "seq");
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private static TestNode node;
    private static Api api;
    private static Account ann;
    private static UUID chat;
    private static WsClient ws;

    @BeforeContainer
    static void start() {
        node = TestNode.start("fuzz-node");
        api = new Api(node);
        ann = api.register("Ann");
        chat = api.direct(ann, api.register("Bob"));
        ws = WsClient.connect(node, ann.token());
    }

    @AfterContainer
    static void stop() {
        ws.close();
        node.stop();
    }

    @Property(tries = 300)
    void anyFrameGetsAnAnswerAndTheSessionLives(@ForAll("frames") String frame) {
        ws.sendRaw(frame);
        // A marker the session must still answer: an overlong message, refused with its own clientMessageId.
        String marker = "alive-" + COUNTER.incrementAndGet();
        ws.sendMessage(chat, marker, "x".repeat(4001));
        ws.await(f -> f.path("type").asText().equals("error") && f.path("clientMessageId").asText().equals(marker));
        assertThat(ws.closed()).isNotDone();
        assertThat(ws.drain()).filteredOn(f -> f.path("type").asText().equals("error"))
                .allSatisfy(f -> assertThat(ERROR_CODES).contains(f.get("code").asText()));
        ws.seen().clear();
    }

    @Property(tries = 200)
    void anyRestBodyGetsA4xxNeverA500(@ForAll("routes") String route, @ForAll("jsonValues") String body) {
        String[] methodAndPath = route.split(" ", 2);
        int status = api.send(methodAndPath[0], methodAndPath[1].replace("{chat}", chat.toString()), body, ann.token()).status();
        assertThat(status).isLessThan(500);
    }

    @Property(tries = 30)
    void invalidUtf8BodiesAre400(@ForAll("bodyRoutes") String route) throws Exception {
        String[] methodAndPath = route.split(" ", 2);
        byte[] invalid = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'};
        var request = HttpRequest.newBuilder(node.http(methodAndPath[1].replace("{chat}", chat.toString())))
                .method(methodAndPath[0], HttpRequest.BodyPublishers.ofByteArray(invalid))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + ann.token()).build();
        int status = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
        assertThat(status).isBetween(400, 499);
    }

    @Property(tries = 60)
    void validTextRoundTripsExactly(@ForAll("texts") String body) {
        String clientMessageId = "u-" + COUNTER.incrementAndGet();
        ws.sendMessage(chat, clientMessageId, body);
        JsonNode ack = ws.await(f -> f.path("type").asText().equals("ack") && f.get("clientMessageId").asText().equals(clientMessageId));
        JsonNode stored = api.get("/api/messages?conversationId=" + chat + "&afterSeq=" + (ack.at("/message/seq").asLong() - 1)
                + "&limit=1", ann.token()).body().get("items").get(0);

        assertThat(ack.at("/message/body").asText()).isEqualTo(body);
        assertThat(stored.get("body").asText()).isEqualTo(body);
        ws.seen().clear();
    }

    @Provide
    Arbitrary<String> routes() {
        return Arbitraries.of("POST /api/auth/register", "POST /api/auth/login", "PATCH /api/users/me",
                "POST /api/conversations", "POST /api/messages", "GET /api/messages?conversationId={chat}&afterSeq=0",
                "PATCH /api/conversations/{chat}", "POST /api/conversations/{chat}/read",
                "POST /api/conversations/{chat}/members", "POST /api/friend-requests",
                "GET /api/users?query=%00x", "GET /api/users?cursor=%00garbage", "GET /api/conversations?cursor=not-a-cursor");
    }

    @Provide
    Arbitrary<String> bodyRoutes() {
        return routes().filter(route -> !route.startsWith("GET"));
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> scripts = Arbitraries.of("héllo", "שלום עולם", "مرحبا", "😀👍🏽👨‍👩‍👧", "日本語", "\u202Eevil\u202C",
                "tab\tnew\nline", "ZWJ\u200D", "a", " x ", "\\\"quoted\\\"", "</script>", "'; DROP TABLE messages; --");
        Arbitrary<String> random = Arbitraries.strings().withCharRange(' ', '\uD7FF').ofMinLength(1).ofMaxLength(300)
                .filter(s -> !s.isBlank());
        return Arbitraries.oneOf(scripts, random, Combinators.combine(scripts, random).as(String::concat));
    }

    @Provide
    Arbitrary<String> frames() {
        Arbitrary<String> object = Combinators.combine(Arbitraries.of(FRAME_TYPES), fieldValues().list().ofMaxSize(6),
                Arbitraries.of(FIELDS).list().ofMaxSize(6)).as((type, values, names) -> {
                    StringBuilder json = new StringBuilder("{\"type\":").append(quote(type));
                    for (int i = 0; i < Math.min(values.size(), names.size()); i++) {
                        json.append(",\"").append(names.get(i)).append("\":").append(values.get(i));
                    }
                    return json.append('}').toString();
                });
        return Arbitraries.oneOf(object, jsonValues(), Arbitraries.strings().ofMaxLength(200));
    }

    @Provide
    Arbitrary<String> jsonValues() {
        return Arbitraries.oneOf(fieldValues(), deepNesting(), Arbitraries.of("{", "}", "[]", "null", "{\"a\":", "\"unterminated"),
                fieldValues().list().ofMaxSize(5).map(l -> "[" + String.join(",", l) + "]"),
                Combinators.combine(Arbitraries.of("name", "email", "password", "body", "memberIds", "isGroup",
                        "conversationId", "clientMessageId", "image"), fieldValues()).as((k, v) -> Map.entry(k, v))
                        .list().ofMaxSize(6)
                        .map(entries -> "{" + String.join(",", entries.stream().map(e -> quote(e.getKey()) + ":" + e.getValue()).toList()) + "}"));
    }

    private Arbitrary<String> fieldValues() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(50).map(FuzzIntegrationTest::quote),
                Arbitraries.strings().withChars('\u0000', '\u0001', '\u001f', '\u007f').ofMaxLength(5).map(FuzzIntegrationTest::quote),
                // Large, but a frame stays under the 64 KiB limit (over it closes with 1009, tested elsewhere).
                Arbitraries.integers().between(1, 9_000).map(n -> quote("x".repeat(n))),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.of("true", "false", "null", "{}", "[]", "-1", "1e400", "\"" + UUID.randomUUID() + "\"",
                        "\"" + chat + "\"", "[\"" + UUID.randomUUID() + "\"]"));
    }

    private static Arbitrary<String> deepNesting() {
        return Arbitraries.integers().between(100, 3000).map(depth -> "[".repeat(depth) + "]".repeat(depth));
    }

    /** A JSON string literal; lone surrogates become escapes, which JSON allows and our checks must refuse. */
    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
