package io.pulsechat.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * What a node holds in memory: its heap right after a full GC (Dropwizard's admin task `gc`), so that
 * garbage does not count as sessions, and its RSS. The heap is the sum of the pools' `used-after-gc`
 * gauges, what the collection itself left: `jvm.memory.heap.used`, read a moment later, also counts
 * the allocation buffers that a busy node's threads have taken since (tens of MiB with a thousand threads).
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
        long heap = heapAfterGc(metrics.get("gauges"));
        long sessions = metrics.at("/gauges/websocket.sessions/value").asLong();
        return new Memory(sessions, heap, pid > 0 ? ProcessCpu.rssBytes(pid) : 0);
    }

    /** Only the collected (heap) pools have the gauge; without any, the heap in use now. */
    private static long heapAfterGc(JsonNode gauges) {
        long heap = 0;
        boolean found = false;
        for (var names = gauges.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.startsWith("jvm.memory.pools.") && name.endsWith(".used-after-gc")) {
                heap += gauges.get(name).get("value").asLong();
                found = true;
            }
        }
        return found ? heap : gauges.at("/jvm.memory.heap.used/value").asLong();
    }
}
