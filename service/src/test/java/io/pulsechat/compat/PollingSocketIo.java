package io.pulsechat.compat;

import io.pulsechat.testing.Api;
import io.pulsechat.testing.NodeAddress;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Engine.IO 4 long-polling spoken by hand: a client that polls only when the test says so, to play a
 * reader that has stopped taking what the server sends.
 */
final class PollingSocketIo {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SEPARATOR = "\u001e";

    private final NodeAddress node;
    private final String sid;

    private PollingSocketIo(NodeAddress node, String sid) {
        this.node = node;
        this.sid = sid;
    }

    static PollingSocketIo open(NodeAddress node) {
        HttpResponse<String> handshake = request(node, "GET", "/socket.io/?EIO=4&transport=polling", null);
        try {
            return new PollingSocketIo(node, Api.JSON.readTree(handshake.body().substring(1)).get("sid").asText());
        } catch (IOException e) {
            throw new AssertionError(handshake.body(), e);
        }
    }

    /** Posts Socket.IO packets, each inside an Engine.IO message packet. */
    void send(String... socketIoPackets) {
        String body = String.join(SEPARATOR, Arrays.stream(socketIoPackets).map(p -> "4" + p).toList());
        HttpResponse<String> answer = request(node, "POST", path(), body);
        if (answer.statusCode() != 200) {
            throw new AssertionError("POST answered " + answer.statusCode() + " " + answer.body());
        }
    }

    /** Closes the Engine.IO connection (not a Socket.IO DISCONNECT): the session stays recoverable. */
    void drop() {
        request(node, "POST", path(), "1");
    }

    /** One poll: the Engine.IO packets the server had for us (it waits until it has one). */
    Poll poll() {
        HttpResponse<String> answer = request(node, "GET", path(), null);
        return new Poll(answer.statusCode(), answer.statusCode() == 200 ? List.of(answer.body().split(SEPARATOR)) : List.of());
    }

    record Poll(int status, List<String> packets) {
        long socketIoEvents() {
            return packets.stream().filter(p -> p.startsWith("42")).count();
        }

        boolean closed() {
            return status != 200 || packets.contains("1");
        }
    }

    private String path() {
        return "/socket.io/?EIO=4&transport=polling&sid=" + sid;
    }

    private static HttpResponse<String> request(NodeAddress node, String method, String path, String body) {
        var request = HttpRequest.newBuilder(node.http(path)).timeout(Duration.ofSeconds(40))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
