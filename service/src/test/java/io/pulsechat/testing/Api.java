package io.pulsechat.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A small JSON client for a node's REST API, as a frontend would use it. */
public final class Api {
    public static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public record Reply(int status, JsonNode body, HttpResponse<String> raw) {}

    /** A registered user: id, token and email. */
    public record Account(UUID id, String token, String email, String name) {}

    private final NodeAddress node;

    public Api(NodeAddress node) {
        this.node = node;
    }

    public Reply get(String path, String token) {
        return send("GET", path, null, token);
    }

    /** A JSON document from the admin port. */
    public JsonNode getAdmin(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(node.admin(path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET admin " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Reply post(String path, Object body, String token) {
        return send("POST", path, body, token);
    }

    public Reply patch(String path, Object body, String token) {
        return send("PATCH", path, body, token);
    }

    public Reply delete(String path, String token) {
        return send("DELETE", path, null, token);
    }

    public Reply send(String method, String path, Object body, String token) {
        try {
            String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
            var builder = HttpRequest.newBuilder(node.http(path)).timeout(Duration.ofSeconds(30))
                    .method(method, text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
            if (text != null) {
                builder.header("Content-Type", "application/json");
            }
            if (token != null) {
                builder.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? null : parseOrNull(response.body());
            return new Reply(response.statusCode(), json, response);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parseOrNull(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    public Account register(String name) {
        String email = name.toLowerCase().replaceAll("[^a-z0-9]", "") + "-" + UUID.randomUUID() + "@example.com";
        Reply reply = post("/api/auth/register", Map.of("name", name, "email", email, "password", "password-" + name), null);
        if (reply.status() != 201) {
            throw new IllegalStateException("register failed: " + reply.status() + " " + reply.raw().body());
        }
        return new Account(UUID.fromString(reply.body().at("/user/id").asText()), reply.body().get("token").asText(),
                email, name);
    }

    public UUID group(Account creator, String name, Account... others) {
        List<String> ids = java.util.Arrays.stream(others).map(a -> a.id().toString()).toList();
        Reply reply = post("/api/conversations", Map.of("memberIds", ids, "name", name, "isGroup", true), creator.token());
        if (reply.status() != 201) {
            throw new IllegalStateException("create group failed: " + reply.status() + " " + reply.raw().body());
        }
        return UUID.fromString(reply.body().get("id").asText());
    }

    public UUID direct(Account me, Account other) {
        Reply reply = post("/api/conversations", Map.of("memberIds", List.of(other.id().toString()), "isGroup", false),
                me.token());
        if (reply.status() != 201 && reply.status() != 200) {
            throw new IllegalStateException("create direct failed: " + reply.status() + " " + reply.raw().body());
        }
        return UUID.fromString(reply.body().get("id").asText());
    }

    /** The conversation's whole history, ascending by seq. */
    public List<JsonNode> history(Account reader, UUID conversationId) {
        var all = new java.util.ArrayList<JsonNode>();
        long after = 0;
        while (true) {
            Reply reply = get("/api/messages?conversationId=" + conversationId + "&afterSeq=" + after + "&limit=200",
                    reader.token());
            if (reply.status() != 200) {
                throw new IllegalStateException("history failed: " + reply.status() + " " + reply.raw().body());
            }
            reply.body().get("items").forEach(all::add);
            if (!reply.body().get("hasMore").asBoolean()) {
                return all;
            }
            after = all.get(all.size() - 1).get("seq").asLong();
        }
    }
}
