package io.pulsechat.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * What a node holds in memory: heap used right after a full GC (Dropwizard's admin task `gc`, then
 * the `jvm.memory.heap.used` gauge), so that garbage does not count as sessions, and its RSS.
 */
final class NodeProbe {
    record Memory(long sessions, long heapBytes, long rssBytes) {}

    private final ObjectMapper json;
    private final URI admin;
    private final long pid;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    NodeProbe(ObjectMapper json, URI admin, long pid) {
        this.json = json;
        this.admin = admin;
        this.pid = pid;
    }

    Memory measure() throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(admin.resolve("/tasks/gc")).timeout(Duration.ofMinutes(1))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        var metrics = json.readTree(http.send(HttpRequest.newBuilder(admin.resolve("/metrics")).timeout(Duration.ofMinutes(1))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        long heap = metrics.at("/gauges/jvm.memory.heap.used/value").asLong();
        long sessions = metrics.at("/gauges/websocket.sessions/value").asLong();
        return new Memory(sessions, heap, pid > 0 ? ProcessCpu.rssBytes(pid) : 0);
    }
}
