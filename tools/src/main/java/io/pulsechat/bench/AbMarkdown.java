package io.pulsechat.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * bench/AB.md from a `scripts/bench --ab` run: the runs ab-A-1, ab-B-1, ab-A-2 ... (variant, round),
 * each the same steps against a node started with that variant's options, side by side per rate,
 * and B / A of the means over the rounds.
 */
final class AbMarkdown {
    private static final String[] COLUMNS = {"p50", "p99", "node", "kafka", "postgres"};

    private final Properties machine;
    private final Map<String, JsonNode> runs;
    private final StringBuilder md = new StringBuilder();

    /** {@code results}: every JSON result of the run by name; only those named ab-* are read. */
    AbMarkdown(Properties machine, Map<String, JsonNode> results) {
        this.machine = machine;
        this.runs = new java.util.TreeMap<>((a, b) -> {
            int byRound = Integer.compare(round(a), round(b));
            return byRound != 0 ? byRound : a.compareTo(b);
        });
        results.forEach((name, result) -> {
            if (name.matches("ab-[AB]-[0-9]+")) {
                runs.put(name, result);
            }
        });
    }

    String render() {
        line("# A/B of node options");
        line("");
        line("Written by `" + machine.getProperty("command", "scripts/bench --ab").trim() + "` at "
                + machine.getProperty("date", "?") + ", commit " + machine.getProperty("commit", "?") + " (see docs/benchmark.md). "
                + "Load average before: " + machine.getProperty("load_before", "?") + "; after: "
                + machine.getProperty("load_after", "?") + " (" + machine.getProperty("nproc", "?") + " cores).");
        line("");
        line("- A: " + options(machine.getProperty("ab_a", "")));
        line("- B: " + options(machine.getProperty("ab_b", "")));
        line("");
        line("Each node ran alone on the same services after the same JIT warm-up, then the same steps; CPU from "
                + "/proc/<pid>/stat over each step's measured window, in µs per message sent; \"others\" is the "
                + "machine's busy time minus the sampled processes' (other work on the box). Latencies in ms, "
                + "send->receive.");
        line("");
        line("| rate | run | rcv p50 | rcv p99 | node µs/msg | Kafka µs/msg | PostgreSQL µs/msg | others, cores | "
                + "violations / errors | pass |");
        line("|---:|---|---:|---:|---:|---:|---:|---:|---|---|");
        TreeSet<Integer> rates = new TreeSet<>();
        runs.values().forEach(run -> run.get("steps").forEach(s -> rates.add(s.get("targetRate").asInt())));
        for (int rate : rates) {
            runs.forEach((name, run) -> {
                JsonNode step = stepAt(run, rate);
                if (step != null) {
                    line(String.format("| %,d | %s | %.1f | %.1f | %s | %s | %s | %s | %d / %d | %s |", rate,
                            name.substring(3), step.at("/sendToReceive/p50").asDouble(), step.at("/sendToReceive/p99").asDouble(),
                            cpu(step, "node"), cpu(step, "kafka"), cpu(step, "postgres"), others(step),
                            sum(step.get("violations")), sum(step.get("errors")), step.get("passed").asBoolean() ? "yes" : "**no**"));
                }
            });
            double[] a = means(rate, "A");
            double[] b = means(rate, "B");
            if (a != null && b != null) {
                StringBuilder row = new StringBuilder(String.format("| %,d | **B / A** |", rate));
                for (int i = 0; i < COLUMNS.length; i++) {
                    row.append(a[i] > 0 && b[i] >= 0 ? String.format(" **%.2f** |", b[i] / a[i]) : " - |");
                }
                line(row + " | | |");
            }
        }
        line("");
        return md.toString();
    }

    /** Means over the rounds of variant {@code variant} at {@code rate}, by COLUMNS; null if it has no such step. */
    double[] means(int rate, String variant) {
        List<JsonNode> steps = new ArrayList<>();
        runs.forEach((name, run) -> {
            JsonNode step = name.startsWith("ab-" + variant + "-") ? stepAt(run, rate) : null;
            if (step != null) {
                steps.add(step);
            }
        });
        if (steps.isEmpty()) {
            return null;
        }
        double[] means = new double[COLUMNS.length];
        for (JsonNode step : steps) {
            means[0] += step.at("/sendToReceive/p50").asDouble() / steps.size();
            means[1] += step.at("/sendToReceive/p99").asDouble() / steps.size();
            for (int i = 2; i < COLUMNS.length; i++) {
                JsonNode value = step.at("/cpuMicrosPerMessage/" + COLUMNS[i]);
                means[i] = value.isMissingNode() || means[i] < 0 ? -1 : means[i] + value.asDouble() / steps.size();
            }
        }
        return means;
    }

    private static String options(String options) {
        return options.isBlank() ? "no extra options" : "`" + options.trim() + "`";
    }

    private static String cpu(JsonNode step, String process) {
        JsonNode value = step.at("/cpuMicrosPerMessage/" + process);
        return value.isMissingNode() ? "-" : String.format("%.1f", value.asDouble());
    }

    private static String others(JsonNode step) {
        JsonNode cores = step.get("cpuCores");
        if (cores == null || !cores.has("machine")) {
            return "-";
        }
        double others = cores.get("machine").asDouble();
        var fields = cores.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            others -= e.getKey().equals("machine") ? 0 : e.getValue().asDouble();
        }
        return String.format("%.2f", others);
    }

    private static long sum(JsonNode counts) {
        long total = 0;
        for (JsonNode n : counts) {
            total += n.asLong();
        }
        return total;
    }

    private static JsonNode stepAt(JsonNode run, int rate) {
        for (JsonNode step : run.get("steps")) {
            if (step.get("targetRate").asInt() == rate) {
                return step;
            }
        }
        return null;
    }

    private static int round(String name) {
        return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
    }

    private void line(String text) {
        md.append(text).append('\n');
    }
}
