package io.pulsechat.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bytes each node's threads have allocated so far: the gauge `jvm.allocated.bytes` of its admin
 * `/metrics`. Named `node` for a single node, `node-1`, `node-2` ... otherwise, as the CPU samples are;
 * a node without the gauge (the reference, an older build) is left out.
 */
final class AllocationProbe {
    private static final String GAUGE = "jvm.allocated.bytes";

    private final ObjectMapper json;
    private final List<URI> admins;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    AllocationProbe(ObjectMapper json, List<URI> admins) {
        this.json = json;
        this.admins = admins;
    }

    Map<String, Long> sample() {
        Map<String, Long> bytes = new LinkedHashMap<>();
        for (int i = 0; i < admins.size(); i++) {
            JsonNode gauge = metrics(admins.get(i)).at("/gauges/" + GAUGE + "/value");
            if (gauge.isNumber()) {
                bytes.put(admins.size() == 1 ? "node" : "node-" + (i + 1), gauge.asLong());
            }
        }
        return bytes;
    }

    private JsonNode metrics(URI admin) {
        try {
            return json.readTree(http.send(HttpRequest.newBuilder(admin.resolve("/metrics")).timeout(Duration.ofSeconds(30))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + admin.resolve("/metrics") + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + admin.resolve("/metrics"), e);
        }
    }
}
