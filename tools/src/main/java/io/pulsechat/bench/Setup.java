package io.pulsechat.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Registers the run's users and creates its conversations over REST, a bounded number at a time
 * (registration hashes a password, the node's most expensive request). Users are spread over the
 * given nodes round-robin; each run uses fresh e-mail addresses.
 */
final class Setup {
    private final ObjectMapper json;
    private final List<URI> urls;
    private final Semaphore inFlight;
    /** The first request that failed: later ones are not sent, so a node that stopped answering fails the run fast. */
    private volatile Throwable failure;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    Setup(ObjectMapper json, List<URI> urls, int concurrency) {
        this.json = json;
        this.urls = urls;
        this.inFlight = new Semaphore(concurrency);
    }

    Population create(int users, int directs, int groups, int groupSize, String password, Population.Layout placement) {
        List<int[]> layout = placement.members(users, urls.size(), directs, groups, groupSize);
        List<Population.BenchUser> registered = register(users, password);
        List<CompletableFuture<String>> ids = new ArrayList<>();
        for (int c = 0; c < layout.size(); c++) {
            ids.add(createConversation(registered, layout.get(c), c >= directs, c));
        }
        List<Population.BenchConversation> conversations = new ArrayList<>();
        for (int c = 0; c < layout.size(); c++) {
            conversations.add(new Population.BenchConversation(c, ids.get(c).join(), layout.get(c), c >= directs));
        }
        return new Population(registered, conversations);
    }

    List<Population.BenchUser> register(int users, String password) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<CompletableFuture<Population.BenchUser>> futures = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            int index = u;
            Map<String, Object> body = Map.of("name", "bench " + u,
                    "email", "bench-" + run + "-" + u + "@example.com", "password", password);
            futures.add(post(urls.get(u % urls.size()), "/api/auth/register", body, null, 201)
                    .thenApply(reply -> new Population.BenchUser(index, reply.at("/user/id").asText(),
                            reply.get("token").asText())));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    private CompletableFuture<String> createConversation(List<Population.BenchUser> users, int[] members,
                                                         boolean group, int index) {
        Population.BenchUser creator = users.get(members[0]);
        List<String> others = Arrays.stream(members, 1, members.length).mapToObj(m -> users.get(m).id()).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("memberIds", others);
        body.put("isGroup", group);
        if (group) {
            body.put("name", "g" + index);
        }
        return post(urls.get(members[0] % urls.size()), "/api/conversations", body, creator.token(), 200, 201)
                .thenApply(reply -> reply.get("id").asText());
    }

    private CompletableFuture<JsonNode> post(URI base, String path, Object body, String token, int... expected) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        var request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        inFlight.acquireUninterruptibly();
        if (failure != null) {
            inFlight.release();
            return CompletableFuture.failedFuture(new IllegalStateException("not sent: an earlier request failed", failure));
        }
        CompletableFuture<JsonNode> reply = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .whenComplete((r, e) -> inFlight.release())
                .thenApply(response -> {
                    if (Arrays.stream(expected).noneMatch(s -> s == response.statusCode())) {
                        throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": "
                                + response.body());
                    }
                    try {
                        return json.readTree(response.body());
                    } catch (IOException e) {
                        throw new IllegalStateException("POST " + path + " answered something that is not JSON", e);
                    }
                });
        return reply.whenComplete((r, e) -> {
            if (e != null && failure == null) {
                failure = e;
            }
        });
    }
}
