package io.pulsechat.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** The text of bench/RESULTS.md, from a run's JSON results. Scenario names are scripts/bench's. */
final class ResultsMarkdown {
    private final Properties machine;
    private final Map<String, JsonNode> results;
    private final Map<String, String> commands;
    private final JfrTopFrames.Profile profile;
    private final String profileSource;
    private final ThreadCpu.Window threadCpu;
    private final StringBuilder md = new StringBuilder();

    ResultsMarkdown(Properties machine, Map<String, JsonNode> results, Map<String, String> commands,
                    JfrTopFrames.Profile profile, String profileSource, ThreadCpu.Window threadCpu) {
        this.machine = machine;
        this.results = results;
        this.commands = commands;
        this.profile = profile;
        this.profileSource = profileSource;
        this.threadCpu = threadCpu;
    }

    String render() {
        line("# PulseChat benchmark results");
        line("");
        line("Written by `" + machine.getProperty("command", "scripts/bench").trim() + "` (see docs/benchmark.md). "
                + "Everything on one machine: PostgreSQL, Redis, Kafka, the node(s) and the generator.");
        line("");
        new RatiosTable(machine, results).render().forEach(this::line);
        line("| | |");
        line("|---|---|");
        for (String key : new String[] {"date", "commit", "nproc", "memory", "cpu", "java", "node", "load_before", "load_after"}) {
            line("| " + key.replace('_', ' ') + " | " + machine.getProperty(key, "?") + " |");
        }
        line("");
        line("Load shape unless stated: 200 users, 80 direct conversations + 10 groups of 5, 100-byte bodies, one "
                + "WebSocket per user, messages spread uniformly over conversations and their members. Latency runs from "
                + "each message's scheduled send time (coordinated omission counted). A step passes when every message "
                + "is acked once, received once by every other member in seq order with no gap, nothing is refused, the "
                + "generator kept up (>= 95 % of the rate) and p99 send->receive < 100 ms.");
        line("");
        targets();
        rateSection("(a) Maximum sustained throughput, one node", "a-max");
        rateSection("(b) Latency at fixed rates, one node", "b-latency");
        rateSection("(i) The independent generator's method (5 s warm-up, 15 s measured, 100 ms windows), one node",
                "i-independent");
        connections();
        rateSection("(d) Group fan-out: 500 users in 5 groups of 100", "d-fanout");
        rateSection("(e) Maximum sustained throughput, two nodes", "e-max-two-nodes");
        rateSection("(e) Latency at fixed rates, two nodes", "e-latency-two-nodes");
        cpu("(f) CPU per message by process, one node, during (a)", "a-max");
        cpu("(f) CPU per message by process, two nodes, during (e)", "e-max-two-nodes");
        rateSection("Reference (a): maximum sustained throughput", "ref-a-max");
        rateSection("Reference (b): latency at fixed rates", "ref-b-latency");
        rateSection("Reference (i): the independent generator's method", "ref-i-independent");
        cpu("Reference (f): CPU per message by process during (a)", "ref-a-max");
        comparison();
        rateSection("Profiled run", "profile");
        profile();
        line("## Commands");
        line("");
        line("Each scenario ran `java -jar chat.jar` with these arguments (the table above came from its JSON):");
        line("");
        line("```");
        commands.forEach((name, command) -> line(name + ": " + command));
        line("```");
        return md.toString();
    }

    private void targets() {
        line("## Absolute figures (the earlier benchmark issue's targets)");
        line("");
        line("| target | measured |");
        line("|---|---|");
        JsonNode max = bestPassing("a-max");
        line("| >= 20,000 messages/s sustained (a) | " + (max == null ? "no passing step" : fmt(max.get("targetRate").asInt())
                + " messages/s (highest passing step)") + " |");
        JsonNode at2000 = stepAt("b-latency", 2000);
        line("| p99 send->receive <= 10 ms at 2,000/s (b) | " + (at2000 == null ? "not run"
                : at2000.at("/sendToReceive/p99").asDouble() + " ms") + " |");
        line("| >= 50,000 sessions, <= 10 KiB heap each (c) | " + sessionsTarget() + " |");
        line("| node CPU <= 21 µs per message (f) | " + (max == null ? "no passing step"
                : String.format("%.1f µs at %s/s", max.at("/cpuMicrosPerMessage/node").asDouble(), fmt(max.get("targetRate").asInt())))
                + " |");
        line("");
    }

    private void rateSection(String title, String name) {
        JsonNode result = results.get(name);
        if (result == null) {
            return;
        }
        line("## " + title);
        line("");
        JsonNode s = result.get("settings");
        line(String.format("Nodes %s; %d users, %d directs, %d groups of %d; %d s warm-up + %d s measured per step.",
                s.get("urls"), s.get("users").asInt(), s.get("directs").asInt(), s.get("groups").asInt(),
                s.get("groupSize").asInt(), s.get("warmupSeconds").asInt(), s.get("durationSeconds").asInt()));
        line("");
        line("| rate | achieved | deliveries/s | sent | acked | received / expected | violations | errors "
                + "| ack p50 | ack p99 | ack p99.9 | rcv p50 | rcv p99 | rcv p99.9 | rcv max | worst window p99 | pass |");
        line("|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (JsonNode step : result.get("steps")) {
            line(String.format("| %s | %s | %s | %s | %s | %s / %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |",
                    fmt(step.get("targetRate").asInt()), fmt(Math.round(step.get("achievedRate").asDouble())),
                    fmt(Math.round(step.get("deliveriesPerSecond").asDouble())), fmt(step.get("sent").asLong()),
                    fmt(step.get("acked").asLong()), fmt(step.get("received").asLong()), fmt(step.get("expectedReceives").asLong()),
                    compact(step.get("violations")), compact(step.get("errors")),
                    ms(step, "/sendToAck/p50"), ms(step, "/sendToAck/p99"), ms(step, "/sendToAck/p999"),
                    ms(step, "/sendToReceive/p50"), ms(step, "/sendToReceive/p99"), ms(step, "/sendToReceive/p999"),
                    ms(step, "/sendToReceive/max"), worstWindows(step), repetitionVerdicts(step)));
        }
        line("");
        line("Latencies in ms, of the worst repetition where a rate ran several times (its p99 the highest); the worst "
                + "window p99 is per repetition, over its measured windows; pass is each repetition's verdict, and a rate "
                + "passes only when all of them do.");
        line("");
    }

    /** The worst window's p99 of each repetition, e.g. "14.2 / 250.1 / 15.0". */
    private static String worstWindows(JsonNode step) {
        List<String> worst = new ArrayList<>();
        step.path("repetitions").forEach(r -> worst.add(r.path("measuredWindows").asInt() == 0 ? "-"
                : String.format("%.1f", r.get("worstWindowP99").asDouble())));
        return worst.isEmpty() ? "-" : String.join(" / ", worst);
    }

    /** "yes", "**no**", or per repetition: "yes, **no**, yes → **no**". */
    private static String repetitionVerdicts(JsonNode step) {
        String rate = step.get("passed").asBoolean() ? "yes" : "**no**";
        if (step.path("repetitions").size() < 2) {
            return rate;
        }
        List<String> each = new ArrayList<>();
        step.get("repetitions").forEach(r -> each.add(r.get("passed").asBoolean() ? "yes" : "**no**"));
        return String.join(", ", each) + " → " + rate;
    }

    private void connections() {
        Map<String, JsonNode> runs = connectionRuns();
        if (runs.isEmpty()) {
            return;
        }
        line("## (c) Idle authenticated sessions, " + (runs.size() == 1 ? "one node" : runs.size() + " nodes"));
        line("");
        line("Heap is measured right after a full GC (admin task `gc`); per-session figures are above the node's level "
                + "before its first session. Each process may hold at most `ulimit -Hn` descriptors ("
                + machine.getProperty("nofile", "see below") + "), one per session on each side, so each node has "
                + "its own generator process. With several, each generator waits for the others once ramped and "
                + "measures its node again while every generator's sessions are open (\"together\").");
        line("");
        line("| node | sessions | open | failed | node counts | heap MiB | heap B/session | RSS MiB | RSS B/session | open s |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        runs.forEach((name, result) -> {
            for (JsonNode step : result.get("steps")) {
                line(String.format("| %s | %s | %s | %s | %s | %.1f | %s | %.1f | %s | %s |", node(name, result),
                        fmt(step.get("attempted").asInt()), fmt(step.get("open").asInt()), fmt(step.get("failed").asInt()),
                        fmt(step.get("nodeSessions").asLong()), step.get("heapBytes").asLong() / 1048576.0,
                        fmt(Math.round(step.get("heapBytesPerSession").asDouble())), step.get("rssBytes").asLong() / 1048576.0,
                        fmt(Math.round(step.get("rssBytesPerSession").asDouble())),
                        step.path("together").asBoolean() ? "together" : String.format("%.1f", step.get("openSeconds").asDouble())));
            }
        });
        line("");
        line("Held: the measurement with every generator's sessions open (or the last step without failures). "
                + "Marginal heap: the heap added between the node's first and last ramp steps over the sessions added, "
                + "which leaves out what the first step grows once (Jetty's thread pool under the connect burst).");
        line("");
        line("| node | sessions held | node counts | heap B/session | marginal heap B/session | RSS B/session |");
        line("|---|---:|---:|---:|---:|---:|");
        long open = 0;
        long counted = 0;
        for (Map.Entry<String, JsonNode> run : runs.entrySet()) {
            JsonNode held = held(run.getValue());
            if (held == null) {
                line("| " + node(run.getKey(), run.getValue()) + " | no step without failures | | | | |");
                continue;
            }
            open += held.get("open").asLong();
            counted += held.get("nodeSessions").asLong();
            Double marginal = marginalHeapPerSession(run.getValue());
            line(String.format("| %s | %s | %s | %s | %s | %s |", node(run.getKey(), run.getValue()),
                    fmt(held.get("open").asLong()), fmt(held.get("nodeSessions").asLong()),
                    fmt(Math.round(held.get("heapBytesPerSession").asDouble())),
                    marginal == null ? "-" : fmt(Math.round(marginal)),
                    fmt(Math.round(held.get("rssBytesPerSession").asDouble()))));
        }
        line(String.format("| **total** | **%s** | %s | | | |", fmt(open), fmt(counted)));
        line("");
    }

    /** Scenario (c)'s results: `c-connections` (one generator) or `c-connections-N` (one per node), in order. */
    private Map<String, JsonNode> connectionRuns() {
        Map<String, JsonNode> runs = new TreeMap<>();
        results.forEach((name, result) -> {
            if (name.equals("c-connections") || name.startsWith("c-connections-")) {
                runs.put(name, result);
            }
        });
        return runs;
    }

    private static String node(String name, JsonNode result) {
        JsonNode urls = result.at("/settings/urls");
        String url = urls.isArray() && !urls.isEmpty() ? urls.get(0).asText() : "?";
        return url.substring(url.lastIndexOf(':') + 1);
    }

    /** The step with every generator's sessions open, else the last one without failures. */
    private static JsonNode held(JsonNode result) {
        JsonNode held = null;
        for (JsonNode step : result.get("steps")) {
            if (step.path("together").asBoolean()) {
                return step;
            }
            if (step.get("failed").asInt() == 0) {
                held = step;
            }
        }
        return held;
    }

    private static Double marginalHeapPerSession(JsonNode result) {
        JsonNode first = null;
        JsonNode last = null;
        for (JsonNode step : result.get("steps")) {
            if (!step.path("together").asBoolean() && step.get("failed").asInt() == 0) {
                first = first == null ? step : first;
                last = step;
            }
        }
        if (first == null || last.get("open").asLong() <= first.get("open").asLong()) {
            return null;
        }
        return (double) (last.get("heapBytes").asLong() - first.get("heapBytes").asLong())
                / (last.get("open").asLong() - first.get("open").asLong());
    }

    private void cpu(String title, String name) {
        JsonNode step = bestPassing(name);
        if (step == null || step.get("cpuMicrosPerMessage").size() < 2) {
            return;
        }
        line("## " + title);
        line("");
        line("At " + fmt(step.get("targetRate").asInt()) + " messages/s (the highest passing step), from /proc/<pid>/stat "
                + "utime+stime over the measured window (PostgreSQL with its backends):");
        line("");
        line("| process (machine: every process on the box) | µs per message | cores |");
        line("|---|---:|---:|");
        step.get("cpuMicrosPerMessage").fields().forEachRemaining(e -> line(String.format("| %s | %.1f | %.2f |",
                e.getKey(), e.getValue().asDouble(), step.at("/cpuCores/" + e.getKey()).asDouble())));
        line("");
    }

    private void comparison() {
        JsonNode ours = bestPassing("a-max");
        JsonNode theirs = bestPassing("ref-a-max");
        if (!results.containsKey("ref-a-max")) {
            return;
        }
        line("## Ours / reference, step by step");
        line("");
        line("| measure | ours | reference | ratio |");
        line("|---|---:|---:|---:|");
        if (ours != null && theirs != null) {
            ratio("max sustained messages/s", ours.get("targetRate").asDouble(), theirs.get("targetRate").asDouble());
            ratio("node CPU µs/message at max", ours.at("/cpuMicrosPerMessage/node").asDouble(),
                    theirs.at("/cpuMicrosPerMessage/node").asDouble());
        }
        for (JsonNode step : results.get("b-latency") == null ? java.util.List.<JsonNode>of() : iterable(results.get("b-latency").get("steps"))) {
            int rate = step.get("targetRate").asInt();
            JsonNode ref = stepAt("ref-b-latency", rate);
            if (ref != null) {
                ratio("p99 send->receive ms at " + fmt(rate) + "/s", step.at("/sendToReceive/p99").asDouble(),
                        ref.at("/sendToReceive/p99").asDouble());
            }
        }
        line("");
    }

    private void ratio(String measure, double ours, double theirs) {
        line(String.format("| %s | %.1f | %.1f | %.2f |", measure, ours, theirs, theirs == 0 ? 0 : ours / theirs));
    }

    private void profile() {
        threadCpu();
        if (profile == null) {
            return;
        }
        line("## Node profile (" + profileSource + " during the profiled run)");
        line("");
        line(fmt(profile.samples()) + " samples. Top frames:");
        line("");
        line("| % | top frame |");
        line("|---:|---|");
        profile.topFrames().forEach(c -> line(String.format("| %.1f | `%s` |", c.percent(), c.frame())));
        line("");
        line("By the first PulseChat frame on the stack:");
        line("");
        line("| % | PulseChat frame |");
        line("|---:|---|");
        profile.ourFrames().forEach(c -> line(String.format("| %.1f | `%s` |", c.percent(), c.frame())));
        line("");
        line("Samples by thread: " + profile.threads());
        line("");
    }

    /** The node's CPU by thread over the profiled window, per message at the rate the generator achieved. */
    private void threadCpu() {
        if (threadCpu == null) {
            return;
        }
        JsonNode run = results.get("profile");
        double rate = run == null || run.get("steps").isEmpty() ? 0 : run.get("steps").get(0).get("achievedRate").asDouble();
        line("## Node CPU by thread during the profiled run");
        line("");
        line(String.format("From /proc/PID/task/*/stat over %.0f s: %.2f cores in all, %.1f µs per message at %,.0f msg/s. "
                + "System time is the kernel working for that thread (system calls, sockets, wake-ups).",
                threadCpu.seconds(), threadCpu.totalCores(), rate == 0 ? 0 : threadCpu.totalCores() * 1e6 / rate, rate));
        line("");
        line("| thread | user, cores | system, cores | µs per message |");
        line("|---|---:|---:|---:|");
        threadCpu.rows().stream().limit(12).forEach(r -> line(String.format("| `%s` | %.3f | %.3f | %.1f |", r.thread(),
                r.userCores(), r.systemCores(), rate == 0 ? 0 : (r.userCores() + r.systemCores()) * 1e6 / rate)));
        line("");
    }

    private JsonNode bestPassing(String name) {
        return Steps.bestPassing(results.get(name));
    }

    private JsonNode stepAt(String name, int rate) {
        return Steps.at(results.get(name), rate);
    }

    private String sessionsTarget() {
        Map<String, JsonNode> runs = connectionRuns();
        if (runs.isEmpty()) {
            return "not run";
        }
        long open = 0;
        boolean together = true;
        java.util.List<String> heap = new java.util.ArrayList<>();
        java.util.List<String> marginal = new java.util.ArrayList<>();
        for (JsonNode result : runs.values()) {
            JsonNode held = held(result);
            if (held == null) {
                return "a node held no step without failures";
            }
            open += held.get("open").asLong();
            together &= held.path("together").asBoolean();
            heap.add(fmt(Math.round(held.get("heapBytesPerSession").asDouble())));
            Double m = marginalHeapPerSession(result);
            marginal.add(m == null ? "-" : fmt(Math.round(m)));
        }
        String where = runs.size() == 1 ? "on one node"
                : together ? "held together on " + runs.size() + " nodes"
                : "on " + runs.size() + " nodes (not all measured together)";
        return fmt(open) + " sessions " + where + "; heap per session " + String.join(" / ", heap) + " B (marginal "
                + String.join(" / ", marginal) + " B)";
    }

    private static Iterable<JsonNode> iterable(JsonNode array) {
        return array::elements;
    }

    private static String compact(JsonNode counts) {
        return counts == null || counts.isEmpty() ? "-" : counts.toString().replace("\"", "").replace("|", "/");
    }

    private static String ms(JsonNode step, String pointer) {
        return String.format("%.1f", step.at(pointer).asDouble());
    }

    private static String fmt(long value) {
        return String.format("%,d", value);
    }

    private void line(String text) {
        md.append(text).append('\n');
    }
}
