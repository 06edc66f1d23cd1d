package io.pulsechat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ResultsMarkdownTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void sumsTheSessionsEveryNodeHeldTogether() {
        Map<String, JsonNode> results = new LinkedHashMap<>();
        results.put("c-connections-1", connections(38080, step(8000, 100_000_000L, false), step(16000, 180_000_000L, false),
                step(16000, 181_000_000L, true)));
        results.put("c-connections-2", connections(38082, step(8000, 90_000_000L, false), step(16000, 170_000_000L, false),
                step(16000, 170_000_000L, true)));

        String markdown = render(results);

        assertThat(markdown).contains("| >= 50,000 sessions, <= 10 KiB heap each (c) | 32,000 sessions held together "
                + "on 2 nodes; heap per session 8,188 / 7,500 B (marginal 10,000 / 10,000 B) |");
        assertThat(markdown).contains("| **total** | **32,000** | 32,000 | | | |");
        assertThat(markdown).contains("| 38082 | 16,000 | 16,000 | 7,500 | 10,000 | 2,000 |");
    }

    @Test
    void saysSoWhenTheNodesWereNotMeasuredTogether() {
        Map<String, JsonNode> results = new LinkedHashMap<>();
        results.put("c-connections-1", connections(38080, step(8000, 100_000_000L, false), step(16000, 180_000_000L, true)));
        results.put("c-connections-2", connections(38082, step(8000, 90_000_000L, false), step(16000, 170_000_000L, false)));

        assertThat(render(results)).contains("32,000 sessions on 2 nodes (not all measured together)");
    }

    @Test
    void aSingleGeneratorRunStillReports() {
        Map<String, JsonNode> results = Map.of("c-connections", connections(18080, step(5000, 60_000_000L, false),
                step(10000, 110_000_000L, false)));

        assertThat(render(results)).contains("10,000 sessions on one node; heap per session 6,000 B (marginal 10,000 B)");
    }

    private String render(Map<String, JsonNode> results) {
        return new ResultsMarkdown(new Properties(), results, Map.of(), null, null, null).render();
    }

    /** A node's results; its baseline heap is 50,000,000 B and RSS grows 2,000 B a session. */
    private JsonNode connections(int port, ObjectNode... steps) {
        ObjectNode result = json.createObjectNode();
        result.putObject("settings").putArray("urls").add("http://127.0.0.1:" + port);
        ArrayNode array = result.putArray("steps");
        for (ObjectNode step : steps) {
            array.add(step);
        }
        return result;
    }

    private ObjectNode step(int open, long heapBytes, boolean together) {
        return json.createObjectNode().put("attempted", open).put("open", open).put("failed", 0)
                .put("nodeSessions", open).put("heapBytes", heapBytes).put("rssBytes", 1_000_000_000L + 2_000L * open)
                .put("heapBytesPerSession", (double) (heapBytes - 50_000_000L) / open).put("rssBytesPerSession", 2_000.0)
                .put("generatorRssBytes", 0).put("openSeconds", 1.0).put("together", together);
    }
}
