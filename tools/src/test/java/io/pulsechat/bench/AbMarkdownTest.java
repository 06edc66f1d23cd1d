package io.pulsechat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AbMarkdownTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void comparesBothVariantsAtEachRateAndTakesBOverAOfTheMeansOverRounds() {
        Map<String, JsonNode> results = new LinkedHashMap<>();
        results.put("ab-A-1", run(step(1000, 10, 40, 200, 100, 60, 0)));
        results.put("ab-B-1", run(step(1000, 8, 30, 150, 100, 60, 0)));
        results.put("ab-A-2", run(step(1000, 10, 60, 200, 100, 60, 0)));
        results.put("ab-B-2", run(step(1000, 8, 30, 150, 100, 60, 1)));
        results.put("a-max", run(step(1000, 99, 99, 999, 999, 999, 0)));
        var machine = new Properties();
        machine.setProperty("ab_a", "");
        machine.setProperty("ab_b", "-XX:+UseParallelGC");

        String markdown = new AbMarkdown(machine, results).render();

        assertThat(markdown).contains("- A: no extra options").contains("- B: `-XX:+UseParallelGC`");
        assertThat(markdown).contains("| 1,000 | A-1 | 10.0 | 40.0 | 200.0 | 100.0 | 60.0 | 0.30 | 0 / 0 | yes |");
        assertThat(markdown).contains("| 1,000 | B-2 | 8.0 | 30.0 | 150.0 | 100.0 | 60.0 | 0.30 | 1 / 0 | yes |");
        // p99: A's mean is 50, B's 30
        assertThat(markdown).contains("| 1,000 | **B / A** | **0.80** | **0.60** | **0.75** | **1.00** | **1.00** | | | |");
        assertThat(markdown).doesNotContain("999");
        assertThat(markdown.indexOf("| A-2 |")).isGreaterThan(markdown.indexOf("| B-1 |"));
    }

    private ObjectNode run(ObjectNode step) {
        ObjectNode result = json.createObjectNode();
        result.putArray("steps").add(step);
        return result;
    }

    private ObjectNode step(int rate, double p50, double p99, double node, double kafka, double postgres, int lost) {
        ObjectNode step = json.createObjectNode().put("targetRate", rate).put("passed", true);
        step.putObject("violations").put("MISSING_RECEIVE", lost);
        step.putObject("errors");
        step.putObject("sendToReceive").put("p50", p50).put("p99", p99);
        step.putObject("cpuMicrosPerMessage").put("node", node).put("kafka", kafka).put("postgres", postgres);
        step.putObject("cpuCores").put("node", 0.4).put("kafka", 0.2).put("postgres", 0.1).put("machine", 1.0);
        return step;
    }
}
