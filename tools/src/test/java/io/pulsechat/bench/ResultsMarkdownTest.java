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

    @Test
    void theRatiosTableComparesOursWithTheReferenceFromTheSameRun() {
        Map<String, JsonNode> results = ratioRun();

        String markdown = render(results, machine("0.40, 0.30, 0.20"));

        assertThat(markdown.indexOf("## Ours / reference: issue 14's targets")).isLessThan(markdown.indexOf("## (a)"));
        assertThat(markdown).contains("| 1. maximum sustained throughput (a) | 2,000/s | 1,000/s | 2.00 | >= 2.5 | **no** |");
        assertThat(markdown).contains("| 2. node CPU per message, node process only at 1,000/s (highest rate both passed in (a)) "
                + "| 150.0 µs | 400.0 µs | 0.38 | <= 0.4 | yes |");
        assertThat(markdown).contains("| 3. p99 send->receive at the reference's half maximum, 500/s | 10.0 ms | 40.0 ms | 0.25 "
                + "| <= 0.33 | yes |");
        assertThat(markdown).contains("| 4. seconds from the process's start until p99 settles, fresh node, 1,000/s stream "
                + "| 32 s (stream from 12 s) | 8 s (stream from 8 s) | 4.00 | < 60 s (before) | yes |");
        assertThat(markdown).contains("| 5. Kafka broker CPU per message at 1,000/s (highest rate both passed in (a)) "
                + "| 100.0 µs | 80.0 µs | 1.25 | <= 1.0 | **no** |");
        assertThat(markdown).contains("| 6. correctness over every step: violations (lost, duplicate, gap, reorder, unknown) "
                + "/ errors (7 / 4 steps) | 2 / 1 | 0 / 0 | - | 0 | **no** |");
        Map<String, JsonNode> overloaded = ratioRun();
        ((ObjectNode) overloaded.get("ref-a-max").get("steps").get(1).get("errors")).put("unavailable", 40);
        assertThat(render(overloaded, machine("0.4"))).contains("| 2 / 1 | 0 / 40 (failed steps: 0 / 40) | - | 0 | **no** |");
        assertThat(markdown).contains("| 20 | 10.0 / 20.0 | 20.0 / 40.0 |");
        assertThat(markdown).contains("| 0 | 150.0 / *300.0* | 25.0 / 50.0 |");
        assertThat(markdown).contains("**Quiet: yes**");
    }

    @Test
    void aRateRunThreeTimesShowsEachRepetitionsVerdictAndWorstWindow() {
        ObjectNode step = rateStep(3000, false, 250, 0, 0);
        ArrayNode repetitions = step.putArray("repetitions");
        for (double[] r : new double[][] {{14.2, 1}, {250.4, 0}, {15.0, 1}}) {
            repetitions.addObject().put("worstWindowP99", r[0]).put("measuredWindows", 10).put("passed", r[1] == 1);
        }

        String markdown = render(Map.of("a-max", run(rateStep(2000, true, 20, 0, 0), step)));

        assertThat(markdown).contains("| 750.0 | 14.2 / 250.4 / 15.0 | yes, **no**, yes → **no** |");
        assertThat(markdown).contains("| 60.0 | - | yes |");
    }

    @Test
    void aBusyMachineOrBusyStepsAreNotQuiet() {
        assertThat(render(ratioRun(), machine("1.50, 0.30, 0.20"))).contains("**Quiet: no**");

        Map<String, JsonNode> busySteps = ratioRun();
        ((ObjectNode) busySteps.get("a-max").get("steps").get(0).get("cpuCores")).put("machine", 1.9);
        assertThat(render(busySteps, machine("0.40, 0.30, 0.20"))).contains("used at most 0.90 cores").contains("**Quiet: no**");
    }

    @Test
    void aSettleRunThatNeverSettlesSaysSo() {
        Map<String, JsonNode> results = ratioRun();
        results.put("s-settle", run(settleStep(12, 300, 200, 20, 20, 100)));

        assertThat(render(results, machine("0.4"))).contains("| not settled in 5 windows | 8 s (stream from 8 s) | - |");
    }

    @Test
    void withoutTheReferenceOnlyOurSettleSeriesIsShown() {
        Map<String, JsonNode> results = ratioRun();
        results.keySet().removeIf(name -> name.startsWith("ref-"));

        String markdown = render(results, machine("0.4"));

        assertThat(markdown).doesNotContain("issue 14's targets");
        assertThat(markdown).contains("## (s) Time to settle").contains("| 20 | 10.0 / 20.0 |")
                .contains("settled 32 s (stream from 12 s)");
    }

    @Test
    void aSettleOnlyRunStillGivesItsRow() {
        Map<String, JsonNode> results = ratioRun();
        results.keySet().removeIf(name -> !name.endsWith("s-settle"));

        assertThat(render(results, machine("0.4")))
                .contains("| 1. maximum sustained throughput (a) | no passing step | no passing step | - | >= 2.5 | not measured |")
                .contains("| 32 s (stream from 12 s) | 8 s (stream from 8 s) | 4.00 |");
    }

    private Map<String, JsonNode> ratioRun() {
        Map<String, JsonNode> results = new LinkedHashMap<>();
        results.put("a-max", run(rateStep(1000, true, 30, 150, 100), rateStep(1500, true, 50, 140, 90),
                rateStep(2000, true, 90, 130, 85), rateStep(2500, false, 150, 120, 80)));
        ObjectNode lost = rateStep(500, true, 10, 0, 0);
        lost.putObject("violations").put("MISSING_RECEIVE", 2);
        ObjectNode refused = rateStep(1000, true, 30, 0, 0);
        refused.putObject("errors").put("rate-limited", 1);
        results.put("b-latency", run(lost, refused));
        results.put("s-settle", run(settleStep(12, 300, 100, 20, 21, 19)));
        results.put("ref-a-max", run(rateStep(1000, true, 60, 400, 80), rateStep(1500, false, 130, 380, 70)));
        results.put("ref-b-latency", run(rateStep(500, true, 40, 0, 0)));
        results.put("ref-s-settle", run(settleStep(8, 50, 45, 40, 41, 39)));
        return results;
    }

    private Properties machine(String loadBefore) {
        var machine = new Properties();
        machine.setProperty("nproc", "2");
        machine.setProperty("load_before", loadBefore);
        machine.setProperty("load_after", "2.0, 1.0, 0.5");
        machine.setProperty("settle_before", "60");
        return machine;
    }

    private ObjectNode run(ObjectNode... steps) {
        ObjectNode result = json.createObjectNode();
        result.putObject("settings").put("users", 200).put("directs", 80).put("groups", 10).put("groupSize", 5)
                .put("warmupSeconds", 3).put("durationSeconds", 10).putArray("urls").add("http://127.0.0.1:18080");
        ArrayNode array = result.putArray("steps");
        for (ObjectNode step : steps) {
            array.add(step);
        }
        return result;
    }

    /** A messaging step with the node, Kafka, PostgreSQL (50 µs), generator and machine CPU sampled. */
    private ObjectNode rateStep(int rate, boolean passed, double p99, double nodeMicros, double kafkaMicros) {
        ObjectNode step = json.createObjectNode().put("targetRate", rate).put("achievedRate", rate)
                .put("deliveriesPerSecond", rate * 1.3).put("sent", rate * 13).put("acked", rate * 13)
                .put("expectedReceives", rate * 17).put("received", rate * 17).put("passed", passed);
        step.putObject("violations");
        step.putObject("errors");
        step.putObject("sendToAck").put("p50", 1.0).put("p99", 2.0).put("p999", 3.0).put("max", 4.0);
        step.putObject("sendToReceive").put("p50", p99 / 3).put("p99", p99).put("p999", p99 * 2).put("max", p99 * 3);
        step.putObject("cpuMicrosPerMessage").put("node", nodeMicros).put("kafka", kafkaMicros).put("postgres", 50.0)
                .put("generator", 90.0).put("machine", 300.0);
        step.putObject("cpuCores").put("node", 0.5).put("kafka", 0.2).put("postgres", 0.1).put("generator", 0.2)
                .put("machine", 1.1);
        return step;
    }

    /** A 1,000/s settle step with one 10 s window per p99, the stream starting {@code since} s after the process. */
    private ObjectNode settleStep(double since, double... p99s) {
        ObjectNode step = rateStep(1000, true, 30, 0, 0);
        ArrayNode windows = step.putArray("windows");
        for (int i = 0; i < p99s.length; i++) {
            windows.addObject().put("index", i).put("streamSeconds", 10.0 * i).put("sinceStartSeconds", since + 10.0 * i)
                    .put("count", 13000).put("p50", p99s[i] / 2).put("p99", p99s[i]).put("max", p99s[i] * 2);
        }
        return step;
    }

    private String render(Map<String, JsonNode> results) {
        return render(results, new Properties());
    }

    private String render(Map<String, JsonNode> results, Properties machine) {
        return new ResultsMarkdown(machine, results, Map.of(), null, null, null).render();
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
