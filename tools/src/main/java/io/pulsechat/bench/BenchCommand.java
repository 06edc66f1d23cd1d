package io.pulsechat.bench;

import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.slf4j.LoggerFactory;

/**
 * `java -jar chat.jar bench [options]`: the load generator. It speaks only the contract's REST and
 * WebSocket subset, so it runs the same against our node and the Node reference. Without
 * `--connections-only` it runs the messaging benchmark, one step per `--rate`.
 */
public class BenchCommand extends Command {
    public BenchCommand() {
        super("bench", "Load generator: registers users, opens WebSockets, sends at fixed rates and checks delivery");
    }

    @Override
    public void configure(Subparser p) {
        p.addArgument("--url").nargs("+").setDefault(List.of("http://127.0.0.1:8080"))
                .help("node base URLs; users are spread over them round-robin");
        p.addArgument("--users").type(Integer.class).setDefault(200);
        p.addArgument("--directs").type(Integer.class).setDefault(80).help("direct conversations");
        p.addArgument("--groups").type(Integer.class).setDefault(10);
        p.addArgument("--group-size").type(Integer.class).setDefault(5);
        p.addArgument("--rate").type(Integer.class).nargs("+").setDefault(List.of(1000))
                .help("messages per second in total; several values run as steps over the same sockets");
        p.addArgument("--duration").type(Integer.class).setDefault(10).help("measured seconds per step");
        p.addArgument("--warmup").type(Integer.class).setDefault(3).help("seconds per step before measuring");
        p.addArgument("--first-warmup").type(Integer.class).setDefault(15)
                .help("seconds before the first step is measured (the generator's JIT and a fresh population settle)");
        p.addArgument("--drain").type(Integer.class).setDefault(10)
                .help("after a step, seconds without any arrival before missing messages count as lost");
        p.addArgument("--body-bytes").type(Integer.class).setDefault(100);
        p.addArgument("--password").setDefault("bench-password-1").help("one password for every user");
        p.addArgument("--register-concurrency").type(Integer.class).setDefault(8);
        p.addArgument("--stop-on-failure").action(Arguments.storeTrue())
                .help("stop the steps at the first that fails (the maximum throughput search)");
        p.addArgument("--max-p99-ms").type(Double.class).setDefault(100.0)
                .help("a step passes only with p99 send->receive below this");
        p.addArgument("--seed").type(Long.class).setDefault(42L);
        p.addArgument("--cpu").nargs("*").setDefault(List.of())
                .help("name=pid of processes (with their children) whose CPU to sample per step, e.g. node=1234");
        p.addArgument("--json").help("write the results to this file");
        p.addArgument("--window-ms").type(Integer.class).setDefault(1000)
                .help("also report send->receive p50/p99 per window of this many milliseconds of each step (0: off)");
        p.addArgument("--repeat").type(Integer.class).setDefault(1)
                .help("run each rate this many times in a row; a rate passes only when every repetition passes");
        p.addArgument("--layout").choices("spread", "paired").setDefault("spread")
                .help("spread: conversations of consecutive users, over as many nodes as members; paired: each "
                        + "conversation within one node or across two neighbouring nodes (the scale-out scenario)");
        p.addArgument("--since-epoch").type(Double.class)
                .help("epoch seconds (e.g. when the node was started): windows are also dated from this instant");
        p.addArgument("--connections-only").type(Integer.class)
                .help("instead of messaging: open this many idle authenticated sessions and measure heap and RSS");
        p.addArgument("--connections-step").type(Integer.class).setDefault(5000);
        p.addArgument("--source-addresses").type(Integer.class).setDefault(1)
                .help("local addresses 127.0.0.1..N to connect from (each gives one ephemeral port range)");
        p.addArgument("--admin-url").nargs("*").setDefault(List.of())
                .help("admin base URL of each node, in the order of --url: heap after GC (connection test), or heap "
                        + "bytes allocated per message (its gauge jvm.allocated.bytes, messaging)");
        p.addArgument("--node-pid").type(Long.class).nargs("*").setDefault(List.of())
                .help("pid of each node, for RSS (connection test)");
        p.addArgument("--max-connecting").type(Integer.class).setDefault(512)
                .help("connection test: WebSocket upgrades in flight at once (each holds a node thread until done)");
        p.addArgument("--barrier-dir")
                .help("connection test with several generators: once ramped, wait here for the others, measure, wait again");
        p.addArgument("--parties").type(Integer.class).setDefault(1).help("generators meeting at --barrier-dir");
        p.addArgument("--hold").type(Integer.class).setDefault(0).help("seconds to keep the sessions open at the end");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace ns) throws Exception {
        quietLogging();
        var json = bootstrap.getObjectMapper();
        List<URI> urls = uris(ns.getList("url"));
        Path out = ns.getString("json") == null ? null : Path.of(ns.getString("json"));
        Map<String, Object> document = new LinkedHashMap<>();
        if (ns.getInt("connections_only") != null) {
            var settings = new ConnectionSettings(urls, uris(ns.getList("admin_url")), ns.getList("node_pid"),
                    ns.getInt("users"), ns.getInt("connections_only"), ns.getInt("connections_step"),
                    ns.getInt("source_addresses"), ns.getInt("hold"), ns.getString("password"),
                    ns.getInt("register_concurrency"), ns.getInt("max_connecting"), out,
                    ns.getString("barrier_dir") == null ? null : Path.of(ns.getString("barrier_dir")), ns.getInt("parties"));
            document.put("settings", settings);
            document.put("steps", new ConnectionRun(settings, json).run());
        } else {
            Map<String, Long> cpu = new LinkedHashMap<>();
            for (String entry : ns.<String>getList("cpu")) {
                String[] parts = entry.split("=", 2);
                cpu.put(parts[0], Long.parseLong(parts[1]));
            }
            var settings = new BenchSettings(urls, ns.getInt("users"), ns.getInt("directs"), ns.getInt("groups"),
                    ns.getInt("group_size"), ns.getList("rate"), ns.getInt("duration"), ns.getInt("warmup"),
                    ns.getInt("first_warmup"), ns.getInt("drain"), ns.getInt("body_bytes"), ns.getString("password"),
                    ns.getInt("register_concurrency"), ns.getBoolean("stop_on_failure"), ns.getDouble("max_p99_ms"),
                    out, cpu, ns.getLong("seed"), ns.getInt("window_ms"), ns.getDouble("since_epoch"),
                    ns.getInt("repeat"), Population.Layout.valueOf(ns.getString("layout").toUpperCase(java.util.Locale.ROOT)),
                    uris(ns.getList("admin_url")));
            document.put("settings", settings);
            document.put("steps", new MessageRun(settings, json).run());
        }
        document.put("generatorCpuSeconds", ProcessCpu.generatorNanos() / 1e9);
        Report.writeJson(json, out, document);
    }

    /**
     * Dropwizard's bootstrap logging filters below WARN at the appender but leaves the loggers at
     * DEBUG, so Jetty's client would build its debug strings for every frame and throw them away.
     */
    private static void quietLogging() {
        var root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(ch.qos.logback.classic.Level.WARN);
    }

    private static List<URI> uris(List<String> values) {
        return values.stream().map(URI::create).toList();
    }
}
