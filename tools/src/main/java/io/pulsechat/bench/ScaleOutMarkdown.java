package io.pulsechat.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * bench/SCALEOUT.md from a `scripts/bench --scale-out` run: for each variant (before, after) and
 * cluster size, the generator's result {@code x-VARIANT-N.json} and the Redis counters around it
 * ({@code x-VARIANT-N.before.properties}, {@code .after.properties}; see scripts/bench redis_counters).
 */
final class ScaleOutMarkdown {
    /** x-VARIANT-N.json: VARIANT is before, after or after-storing-S (only S nodes store). */
    private static final Pattern RUN = Pattern.compile("x-(before|after|after-storing-[0-9]+)-([0-9]+)\\.json");
    /** The targets for the largest cluster against one node. */
    static final double MAX_EVENT_SHARE = 0.5;
    static final double MAX_CPU_RATIO = 1.3;

    /** Counters read from Redis and the nodes at one instant. */
    record Counters(long publishes, long shardedPublishes, int eventsSubscribers, Map<Integer, Long> events,
                    Map<Integer, Long> bytes) {
        static Counters read(Path file) throws IOException {
            var p = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                p.load(reader);
            }
            Map<Integer, Long> events = new TreeMap<>();
            Map<Integer, Long> bytes = new TreeMap<>();
            for (String key : p.stringPropertyNames()) {
                String[] parts = key.split("\\.");
                if (parts[0].equals("node") && !p.getProperty(key).isBlank()) {
                    (parts[2].equals("events") ? events : bytes).put(Integer.parseInt(parts[1]), Long.parseLong(p.getProperty(key)));
                }
            }
            return new Counters(number(p, "redis.publish"), number(p, "redis.spublish"),
                    (int) number(p, "redis.events_subscribers"), events, bytes);
        }

        private static long number(Properties p, String key) {
            String value = p.getProperty(key, "").trim();
            return value.isEmpty() ? 0 : Long.parseLong(value);
        }
    }

    /** What one node of a run received from Redis, over the generator's whole run. */
    record NodeShare(int node, Long events, boolean everyPublish, long bytes, double cpuMicrosPerMessage,
                     double allocatedBytesPerMessage) {}

    /** One cluster size of one variant. Messages count every message of the step, warm-up and repetitions included. */
    record ClusterRun(String variant, int nodes, StepResult step, Counters before, Counters after) {
        long messages() {
            return step.sent();
        }

        /** Every event the cluster sent: each PUBLISH and SPUBLISH. */
        long clusterEvents() {
            return after.publishes() - before.publishes() + after.shardedPublishes() - before.shardedPublishes();
        }

        /**
         * Per node: its subscription's events where it counts them; a node without the meter that subscribes
         * to the one broadcast channel with every other node, while nothing is sent sharded, received every PUBLISH.
         */
        List<NodeShare> shares() {
            boolean broadcast = after.shardedPublishes() == before.shardedPublishes() && after.eventsSubscribers() == nodes;
            List<NodeShare> shares = new ArrayList<>();
            for (int n = 1; n <= nodes; n++) {
                Long counted = after.events().containsKey(n) && before.events().containsKey(n)
                        ? after.events().get(n) - before.events().get(n) : null;
                boolean everyPublish = counted == null && broadcast;
                Long events = everyPublish ? clusterEvents() : counted;
                long bytes = after.bytes().getOrDefault(n, 0L) - before.bytes().getOrDefault(n, 0L);
                Map<String, Double> allocated = step.allocatedBytesPerMessage();
                double heap = allocated.getOrDefault("node-" + n, nodes == 1 ? allocated.getOrDefault("node", Double.NaN) : Double.NaN);
                shares.add(new NodeShare(n, events, everyPublish, bytes, cpu("node-" + n), heap));
            }
            return shares;
        }

        double cpu(String process) {
            return step.cpuMicrosPerMessage().getOrDefault(process, Double.NaN);
        }

        double nodesCpu() {
            return step.cpuMicrosPerMessage().entrySet().stream().filter(e -> e.getKey().startsWith("node-"))
                    .mapToDouble(Map.Entry::getValue).sum();
        }

        double systemCpu() {
            return nodesCpu() + cpu("kafka") + cpu("postgres") + cpu("redis");
        }

        /** The largest share of the cluster's events that one node received; NaN when a node's is unknown. */
        double maxShare() {
            return shares().stream().mapToDouble(s -> s.events() == null ? Double.NaN : (double) s.events() / clusterEvents())
                    .max().orElse(Double.NaN);
        }
    }

    private final Properties machine;
    private final List<ClusterRun> runs;
    private final List<String> md = new ArrayList<>();

    ScaleOutMarkdown(Properties machine, List<ClusterRun> runs) {
        this.machine = machine;
        this.runs = runs.stream().sorted(Comparator.comparingInt((ClusterRun r) -> variantOrder(r.variant()))
                .thenComparing(ClusterRun::variant).thenComparingInt(ClusterRun::nodes)).toList();
    }

    private static int variantOrder(String variant) {
        return variant.equals("before") ? 0 : variant.equals("after") ? 1 : 2;
    }

    static List<ClusterRun> read(Path dir, ObjectMapper json) throws IOException {
        List<ClusterRun> runs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                Matcher m = RUN.matcher(file.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                String name = "x-" + m.group(1) + "-" + m.group(2);
                StepResult step = json.treeToValue(json.readTree(file.toFile()).get("steps").get(0), StepResult.class);
                runs.add(new ClusterRun(m.group(1), Integer.parseInt(m.group(2)), step,
                        Counters.read(dir.resolve(name + ".before.properties")),
                        Counters.read(dir.resolve(name + ".after.properties"))));
            }
        }
        return runs;
    }

    String render() {
        md.add("## Scale-out: the same total rate on 1, 2 and 4 nodes");
        md.add("");
        md.add("Written by `" + machine.getProperty("command", "scripts/bench --scale-out").trim() + "` at "
                + machine.getProperty("date", "?") + ", commit " + machine.getProperty("commit", "?")
                + (machine.getProperty("before_commit", "").isBlank() ? "" : "; before = commit " + machine.getProperty("before_commit"))
                + ". Load average before: " + machine.getProperty("load_before", "?") + "; after: "
                + machine.getProperty("load_after", "?") + " (" + machine.getProperty("nproc", "?") + " cores).");
        md.add("");
        md.add("Each cluster size ran alone on the same PostgreSQL, Redis and Kafka: its nodes started fresh and were warmed "
                + "up together, then " + machine.getProperty("x_rate", "?") + " msg/s in total (each rate step "
                + "repeated; latencies and CPU from the worst repetition). 200 users, user u on node u % N; 80 directs and 10 "
                + "groups of 5, each conversation alternately within one node or across that node and the next "
                + "(`--layout paired`). Events and bytes count the generator's whole run (registration, priming, warm-up "
                + "and repetitions) per message sent in it; CPU is µs per message over the measured windows, from "
                + "/proc/<pid>/stat.");
        md.add("");
        md.add("### Per node");
        md.add("");
        var perNode = new MarkdownTable("variant", "nodes:", "node:", "events from Redis per message:",
                "share of the cluster's events:", "bytes from Redis per message:", "node CPU µs/msg:",
                "node heap bytes allocated per message:");
        for (ClusterRun run : runs) {
            for (NodeShare s : run.shares()) {
                perNode.row(run.variant(), run.nodes(), s.node(),
                        s.events() == null ? "-" : String.format("%.2f%s", (double) s.events() / run.messages(),
                                s.everyPublish() ? " (every PUBLISH)" : ""),
                        s.events() == null ? "-" : String.format("%.2f", (double) s.events() / run.clusterEvents()),
                        String.format("%,.0f", (double) s.bytes() / run.messages()), String.format("%.1f", s.cpuMicrosPerMessage()),
                        Double.isNaN(s.allocatedBytesPerMessage()) ? "-" : String.format("%,.0f", s.allocatedBytesPerMessage()));
            }
        }
        md.addAll(perNode.lines());
        md.add("");
        md.add("### Per cluster");
        md.add("");
        var perCluster = new MarkdownTable("variant", "nodes:", "cluster events per message:", "nodes' CPU µs/msg:",
                "Kafka:", "PostgreSQL:", "Redis:", "system µs/msg:", "rcv p50 ms:", "rcv p99 ms:", "violations / errors", "pass");
        for (ClusterRun run : runs) {
            perCluster.row(run.variant(), run.nodes(), String.format("%.2f", (double) run.clusterEvents() / run.messages()),
                    f(run.nodesCpu()), f(run.cpu("kafka")), f(run.cpu("postgres")), f(run.cpu("redis")), f(run.systemCpu()),
                    f(run.step().sendToReceive().p50()), f(run.step().sendToReceive().p99()),
                    run.step().violationTotal() + " / " + run.step().errorTotal(), run.step().passed() ? "yes" : "**no**");
        }
        md.addAll(perCluster.lines());
        md.add("");
        targets();
        return String.join("\n", md) + "\n";
    }

    /** The targets: the largest cluster against one node, for each variant. */
    private void targets() {
        md.add("### Targets: the largest cluster against one node");
        md.add("");
        var table = new MarkdownTable("variant", "target", "measured", "limit", "met");
        ClusterRun afterSmallest = runs.stream().filter(r -> r.variant().equals("after")).findFirst().orElse(null);
        for (String variant : runs.stream().map(ClusterRun::variant).distinct().toList()) {
            List<ClusterRun> of = runs.stream().filter(r -> r.variant().equals(variant)).toList();
            // A variant that changes only larger clusters (after-storing-S) is compared with after's smallest.
            ClusterRun one = afterSmallest != null && of.get(0).nodes() > afterSmallest.nodes() ? afterSmallest : of.get(0);
            ClusterRun most = of.get(of.size() - 1);
            if (one == most) {
                continue;
            }
            String sizes = most.nodes() + " / " + one.nodes() + " node(s)";
            double share = most.maxShare();
            table.row(variant, "largest share of the cluster's events one node received, " + most.nodes() + " nodes",
                    Double.isNaN(share) ? "-" : String.format("%.2f", share), "<= " + MAX_EVENT_SHARE,
                    met(share <= MAX_EVENT_SHARE));
            double nodes = most.nodesCpu() / one.nodesCpu();
            table.row(variant, "nodes' total CPU per message, " + sizes, String.format("%.2fx", nodes),
                    "<= " + MAX_CPU_RATIO + "x", met(nodes <= MAX_CPU_RATIO));
            double system = most.systemCpu() / one.systemCpu();
            table.row(variant, "system CPU per message (nodes, Kafka, PostgreSQL, Redis), " + sizes,
                    String.format("%.2fx", system), "<= " + MAX_CPU_RATIO + "x", met(system <= MAX_CPU_RATIO));
            double p99 = most.step().sendToReceive().p99();
            double p99One = one.step().sendToReceive().p99();
            table.row(variant, "p99 send->receive, " + sizes, String.format("%.1f / %.1f ms", p99, p99One),
                    "no worse than one node", met(p99 <= p99One));
        }
        md.addAll(table.lines());
        md.add("");
    }

    private static String met(boolean met) {
        return met ? "yes" : "**no**";
    }

    private static String f(double value) {
        return Double.isNaN(value) ? "-" : String.format("%.1f", value);
    }
}
