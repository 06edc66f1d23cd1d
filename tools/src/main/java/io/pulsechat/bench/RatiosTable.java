package io.pulsechat.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;

/**
 * The top of bench/RESULTS.md: issue 14's targets as ours / reference from one `scripts/bench
 * --reference` run, and the per-window p99 series of the fresh nodes behind the settle row.
 * Scenario names are scripts/bench's: a-max, b-latency, s-settle (ours); ref-a-max, ref-b-latency,
 * ref-s-settle (the reference); s-settle-b (ours with BENCH_SETTLE_NODE_OPTS_B).
 */
final class RatiosTable {
    /** Below this many cores per core, the 1-minute load before the run counts as quiet. */
    static final double QUIET_LOAD_PER_CORE = 0.5;
    /** Above this many cores used by processes the bench does not sample, a measured step was not quiet. */
    static final double QUIET_OTHERS_CORES = 0.2;

    private final Properties machine;
    private final Map<String, JsonNode> results;
    private final List<String> lines = new ArrayList<>();

    RatiosTable(Properties machine, Map<String, JsonNode> results) {
        this.machine = machine;
        this.results = results;
    }

    /**
     * The section's lines: without the reference's results only the settle series of ours (if any),
     * as that is the only figure of issue 14 that means something alone.
     */
    List<String> render() {
        if (!results.containsKey("ref-a-max") && !results.containsKey("ref-s-settle")) {
            settleSeries("## (s) Time to settle", true);
            return lines;
        }
        line("## Ours / reference: issue 14's targets, this run");
        line("");
        load();
        line("| target | ours | reference | ours / reference | target | met |");
        line("|---|---:|---:|---:|---|---|");
        JsonNode oursMax = bestPassing("a-max");
        JsonNode refMax = bestPassing("ref-a-max");
        row("1. maximum sustained throughput (a)", rate(oursMax), rate(refMax), perSecond(oursMax), perSecond(refMax),
                ">= 2.5", true, 2.5);

        int common = commonRate();
        String at = common > 0 ? " at " + fmt(common) + "/s (highest rate both passed in (a))" : " (no rate both passed in (a))";
        Double oursNode = cpu("a-max", common, "node");
        Double refNode = cpu("ref-a-max", common, "node");
        row("2. node CPU per message, node process only" + at, oursNode, refNode, micros(oursNode), micros(refNode), "<= 0.4",
                false, 0.4);

        int half = refMax == null ? 0 : refMax.get("targetRate").asInt() / 2;
        Double oursHalf = p99("b-latency", half);
        Double refHalf = p99("ref-b-latency", half);
        row("3. p99 send->receive at the reference's half maximum" + (half > 0 ? ", " + fmt(half) + "/s" : ""), oursHalf,
                refHalf, millis(oursHalf), millis(refHalf), "<= 0.33", false, 0.33);

        settleRows();

        Double oursKafka = cpu("a-max", common, "kafka");
        Double refKafka = cpu("ref-a-max", common, "kafka");
        row("5. Kafka broker CPU per message" + at, oursKafka, refKafka, micros(oursKafka), micros(refKafka), "<= 1.0",
                false, 1.0);

        long[] ours = correctness(false);
        long[] ref = correctness(true);
        line(String.format("| 6. correctness over every step: violations (lost, duplicate, gap, reorder, unknown) / errors "
                        + "(%d / %d steps) | %s | %s | - | 0 | %s |", ours[4], ref[4], counts(ours), counts(ref),
                ours[4] == 0 ? "not measured" : ours[0] + ours[1] == 0 ? "yes" : "**no**"));
        line("");
        JsonNode max = results.containsKey("a-max") ? results.get("a-max") : results.get("ref-a-max");
        JsonNode maxP99 = max == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
                : max.at("/settings/maxP99Millis");
        line("Ratios are ours / reference. (1) is the highest passing step of (a); a step passes when everything is acked, "
                + "delivered exactly once in order, nothing is refused, the generator kept up and p99 send->receive < "
                + (maxP99.isMissingNode() ? 100 : Math.round(maxP99.asDouble())) + " ms; "
                + "(a) stops at the first failing step. (2) and (5) come from the (f) sampling of /proc/<pid>/stat over the "
                + "measured window of that (a) step: the node process alone (PostgreSQL, Kafka and Redis apart), and the Kafka "
                + "broker. (3) is the (b) step at the reference's (a) maximum / 2, run for both. (4): see below. (6) sums "
                + "every step of every scenario of ours (the reference's: its own).");
        line("");
        settleSeries("### (4) Time to settle", false);
        return lines;
    }

    private void load() {
        int cores = Integer.parseInt(machine.getProperty("nproc", "0").trim());
        String before = machine.getProperty("load_before", "?");
        String after = machine.getProperty("load_after", "?");
        Double load1 = firstNumber(before);
        Double others = maxOthersCores();
        boolean quietLoad = load1 != null && cores > 0 && load1 < QUIET_LOAD_PER_CORE * cores;
        boolean quietSteps = others == null || others < QUIET_OTHERS_CORES;
        line(String.format("Load average (1, 5, 15 min) before the run: %s; after: %s (the after figure includes the bench "
                        + "itself); %s cores.%s **Quiet: %s** (1-minute load before < %.1f per core%s).", before, after,
                cores == 0 ? "?" : cores,
                others == null ? "" : String.format(" Processes other than the ones the bench samples used at most %.2f "
                        + "cores during a measured step of (a).", others),
                load1 == null || cores == 0 ? "unknown" : quietLoad && quietSteps ? "yes" : "no", QUIET_LOAD_PER_CORE,
                others == null ? "" : String.format(", and other processes < %.1f cores in every measured step of (a)",
                        QUIET_OTHERS_CORES)));
        line("");
    }

    /**
     * The most CPU, in cores, that processes other than the sampled ones (node, services, generator)
     * used during a measured step of (a), ours or the reference's: the machine's busy time minus theirs.
     */
    private Double maxOthersCores() {
        Double max = null;
        for (String name : new String[] {"a-max", "ref-a-max"}) {
            JsonNode result = results.get(name);
            if (result == null) {
                continue;
            }
            for (JsonNode step : result.get("steps")) {
                JsonNode cores = step.get("cpuCores");
                if (cores == null || !cores.has("machine")) {
                    continue;
                }
                double others = cores.get("machine").asDouble();
                var fields = cores.fields();
                while (fields.hasNext()) {
                    var e = fields.next();
                    if (!e.getKey().equals("machine")) {
                        others -= e.getValue().asDouble();
                    }
                }
                max = max == null ? others : Math.max(max, others);
            }
        }
        return max;
    }

    private void settleRows() {
        Double ours = settleSeconds("s-settle");
        Double ref = settleSeconds("ref-s-settle");
        String before = machine.getProperty("settle_before");
        Double previous = before == null || before.isBlank() ? null : Double.valueOf(before.trim());
        String target = previous == null ? "shorter than before (no earlier figure: BENCH_SETTLE_BEFORE)"
                : String.format("< %.0f s (before)", previous);
        String met = previous == null || ours == null ? "-" : ours < previous ? "yes" : "**no**";
        line(String.format("| 4. seconds from the process's start until p99 settles, fresh node, %s/s stream%s | %s | %s | %s | %s | %s |",
                fmt(settleRate()), optsOf("settle_opts_a"), seconds(ours, "s-settle"), seconds(ref, "ref-s-settle"),
                ratio(ours, ref), target, met));
        if (results.containsKey("s-settle-b")) {
            Double b = settleSeconds("s-settle-b");
            line(String.format("| 4b. the same with BENCH_SETTLE_NODE_OPTS_B%s | %s | %s | %s | shorter than 4 (%s s) | %s |",
                    optsOf("settle_opts_b"), seconds(b, "s-settle-b"), seconds(ref, "ref-s-settle"), ratio(b, ref),
                    ours == null ? "?" : String.format("%.0f", ours), b == null || ours == null ? "-" : b < ours ? "yes" : "no"));
        }
    }

    private String optsOf(String key) {
        String opts = machine.getProperty(key, "").trim();
        return opts.isEmpty() ? "" : " (`" + opts + "`)";
    }

    private int settleRate() {
        for (String name : new String[] {"s-settle", "ref-s-settle"}) {
            JsonNode step = firstStep(name);
            if (step != null) {
                return step.get("targetRate").asInt();
            }
        }
        return 0;
    }

    /** Seconds from the process's start (or the stream's, without one) to the first settled window. */
    Double settleSeconds(String name) {
        JsonNode step = firstStep(name);
        if (step == null || !step.has("windows")) {
            return null;
        }
        List<Double> p99s = new ArrayList<>();
        step.get("windows").forEach(w -> p99s.add(w.get("p99").asDouble()));
        OptionalInt from = SettleRule.settledFrom(p99s);
        if (from.isEmpty()) {
            return null;
        }
        JsonNode window = step.get("windows").get(from.getAsInt());
        JsonNode since = window.get("sinceStartSeconds");
        return since == null || since.isNull() ? window.get("streamSeconds").asDouble() : since.asDouble();
    }

    private String seconds(Double value, String name) {
        JsonNode step = firstStep(name);
        if (step == null) {
            return "not run";
        }
        if (value == null) {
            return "not settled in " + step.get("windows").size() + " windows";
        }
        JsonNode first = step.get("windows").get(0);
        return first.hasNonNull("sinceStartSeconds")
                ? String.format("%.0f s (stream from %.0f s)", value, first.get("sinceStartSeconds").asDouble())
                : String.format("%.0f s (from the stream's start)", value);
    }

    /** The p99 of each window of every settle run, side by side, with the rule's verdict. */
    private void settleSeries(String heading, boolean withSettleTimes) {
        List<String> names = new ArrayList<>();
        for (String name : new String[] {"s-settle", "s-settle-b", "ref-s-settle"}) {
            if (firstStep(name) != null && firstStep(name).has("windows")) {
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            return;
        }
        line(heading + ": p99 send->receive per window of a fresh process");
        line("");
        line("Each process is started fresh (`" + "s-settle" + "`: our node with BENCH_NODE_OPTS; `s-settle-b`: with "
                + "BENCH_SETTLE_NODE_OPTS_B; `ref-s-settle`: the reference) and, once healthy, the generator registers its "
                + "users, opens its sockets, primes each conversation and sends a steady stream; the settle time counts from "
                + "the process's start (the script's clock just before it launched the process), not from the stream's. "
                + "Rule (SettleRule): the steady level is the median of the last three windows' p99; the p99 has settled from "
                + "the first window after which no window is above max(1.25 x steady, steady + 5 ms).");
        line("");
        StringBuilder header = new StringBuilder("| window, s into the stream |");
        StringBuilder rule = new StringBuilder("|---:|");
        for (String name : names) {
            header.append(" ").append(name).append(" p50 / p99 ms |");
            rule.append("---:|");
        }
        line(header.toString());
        line(rule.toString());
        int rows = 0;
        for (String name : names) {
            rows = Math.max(rows, firstStep(name).get("windows").size());
        }
        for (int i = 0; i < rows; i++) {
            StringBuilder row = new StringBuilder("| ");
            Double stream = null;
            StringBuilder cells = new StringBuilder();
            for (String name : names) {
                JsonNode windows = firstStep(name).get("windows");
                if (i < windows.size()) {
                    JsonNode w = windows.get(i);
                    stream = stream == null ? w.get("streamSeconds").asDouble() : stream;
                    OptionalInt from = SettleRule.settledFrom(p99s(windows));
                    boolean settled = from.isPresent() && i >= from.getAsInt();
                    cells.append(String.format(" %.1f / %s%.1f%s |", w.get("p50").asDouble(), settled ? "" : "*",
                            w.get("p99").asDouble(), settled ? "" : "*"));
                } else {
                    cells.append(" |");
                }
            }
            row.append(stream == null ? "" : String.format("%.0f", stream)).append(" |").append(cells);
            line(row.toString());
        }
        line("");
        StringBuilder summary = new StringBuilder("Unsettled windows in *italics*. The stream started ");
        List<String> parts = new ArrayList<>();
        for (String name : names) {
            JsonNode first = firstStep(name).get("windows").get(0);
            var steady = SettleRule.steady(p99s(firstStep(name).get("windows")));
            parts.add(String.format("%s s after `%s`'s process started (steady p99 %s ms, ceiling %s ms%s)",
                    first.hasNonNull("sinceStartSeconds") ? String.format("%.1f", first.get("sinceStartSeconds").asDouble()) : "?",
                    name, steady.isPresent() ? String.format("%.1f", steady.getAsDouble()) : "?",
                    steady.isPresent() ? String.format("%.1f", SettleRule.ceiling(steady.getAsDouble())) : "?",
                    withSettleTimes ? "; settled " + seconds(settleSeconds(name), name) : ""));
        }
        summary.append(String.join("; ", parts)).append('.');
        line(summary.toString());
        line("");
    }

    private static List<Double> p99s(JsonNode windows) {
        List<Double> p99s = new ArrayList<>();
        windows.forEach(w -> p99s.add(w.get("p99").asDouble()));
        return p99s;
    }

    private static long sum(JsonNode counts) {
        long total = 0;
        for (JsonNode n : counts) {
            total += n.asLong();
        }
        return total;
    }

    private static String counts(long[] c) {
        return fmt(c[0]) + " / " + fmt(c[1]) + (c[2] + c[3] == 0 ? "" : " (failed steps: " + fmt(c[2]) + " / " + fmt(c[3]) + ")");
    }

    /**
     * {violations, errors, those two in failed steps, steps} summed over every messaging step of ours
     * (ref-* when reference). A failed step of (a) is an overload: what it lost is shown apart.
     */
    private long[] correctness(boolean reference) {
        long[] c = new long[5];
        for (Map.Entry<String, JsonNode> e : results.entrySet()) {
            if (e.getKey().startsWith("ref-") != reference || e.getKey().startsWith("c-") || e.getKey().startsWith("ab-")) {
                continue;
            }
            for (JsonNode step : e.getValue().path("steps")) {
                if (!step.has("violations")) {
                    continue;
                }
                long violations = sum(step.get("violations"));
                long errors = sum(step.get("errors"));
                c[0] += violations;
                c[1] += errors;
                if (!step.path("passed").asBoolean()) {
                    c[2] += violations;
                    c[3] += errors;
                }
                c[4]++;
            }
        }
        return c;
    }

    /** The highest rate at which both ours and the reference passed a step of (a); 0 if none. */
    private int commonRate() {
        int best = 0;
        JsonNode ours = results.get("a-max");
        if (ours == null || !results.containsKey("ref-a-max")) {
            return 0;
        }
        for (JsonNode step : ours.get("steps")) {
            int rate = step.get("targetRate").asInt();
            JsonNode ref = stepAt("ref-a-max", rate);
            if (step.get("passed").asBoolean() && ref != null && ref.get("passed").asBoolean()) {
                best = Math.max(best, rate);
            }
        }
        return best;
    }

    private Double cpu(String name, int rate, String process) {
        JsonNode step = rate == 0 ? null : stepAt(name, rate);
        JsonNode value = step == null ? null : step.at("/cpuMicrosPerMessage/" + process);
        return value == null || value.isMissingNode() ? null : value.asDouble();
    }

    private Double p99(String name, int rate) {
        JsonNode step = rate == 0 ? null : stepAt(name, rate);
        return step == null ? null : step.at("/sendToReceive/p99").asDouble();
    }

    private void row(String what, Double ours, Double ref, String oursText, String refText, String target,
                     boolean atLeast, double bound) {
        String met;
        if (ours == null || ref == null || ref == 0) {
            met = "not measured";
        } else {
            double r = ours / ref;
            met = (atLeast ? r >= bound : r <= bound) ? "yes" : "**no**";
        }
        line("| " + what + " | " + oursText + " | " + refText + " | " + ratio(ours, ref) + " | " + target + " | " + met + " |");
    }

    private static String ratio(Double ours, Double ref) {
        return ours == null || ref == null || ref == 0 ? "-" : String.format("%.2f", ours / ref);
    }

    private static Double rate(JsonNode step) {
        return step == null ? null : step.get("targetRate").asDouble();
    }

    private String perSecond(JsonNode step) {
        return step == null ? "no passing step" : fmt(step.get("targetRate").asInt()) + "/s";
    }

    private static String micros(Double value) {
        return value == null ? "not measured" : String.format("%.1f µs", value);
    }

    private static String millis(Double value) {
        return value == null ? "not measured" : String.format("%.1f ms", value);
    }

    private JsonNode firstStep(String name) {
        JsonNode result = results.get(name);
        return result == null || result.get("steps").isEmpty() ? null : result.get("steps").get(0);
    }

    private JsonNode bestPassing(String name) {
        return Steps.bestPassing(results.get(name));
    }

    private JsonNode stepAt(String name, int rate) {
        return Steps.at(results.get(name), rate);
    }

    private static Double firstNumber(String load) {
        var number = java.util.regex.Pattern.compile("^\\s*([0-9]+(\\.[0-9]+)?)").matcher(load);
        return number.find() ? Double.valueOf(number.group(1)) : null;
    }

    private static String fmt(long value) {
        return String.format("%,d", value);
    }

    private void line(String text) {
        lines.add(text);
    }
}
