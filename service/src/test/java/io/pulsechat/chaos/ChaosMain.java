package io.pulsechat.chaos;

import io.pulsechat.testing.NodeProcess;
import io.pulsechat.testing.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * `scripts/chaos`: the fault scenarios of FaultIntegrationTest, longer, against the local stack of
 * `scripts/run` (.local/stack), with two fresh node processes per scenario. Prints the counts;
 * exits 1 when anything acknowledged was lost, duplicated or left a gap.
 */
public final class ChaosMain {
    private ChaosMain() {}

    public static void main(String[] args) throws Exception {
        Duration faultLength = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 10);
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path root = Path.of("").toAbsolutePath();
        Services services = Services.local();
        services.start();
        Map<String, String> env = Map.of("JWT_SECRET", Files.readString(root.resolve(".local/jwt-secret")).strip());
        List<String> props = List.of("-Ddw.abuse.registrationBurstPerAddress=100000",
                "-Ddw.abuse.sendsPerSecondPerAddress=100000");
        Path logs = root.resolve(".local/chaos-logs");
        var ws = new WebSocketClient();
        ws.start();
        boolean ok = true;
        try {
            for (String scenario : List.of("kafka", "redis", "postgres", "node-kill")) {
                List<NodeProcess> nodes = new ArrayList<>(List.of(NodeProcess.start("chaos-a", env, props, logs),
                        NodeProcess.start("chaos-b", env, props, logs)));
                try {
                    ChaosRun.Fault fault = scenario.equals("node-kill") ? new ChaosRun.Fault() {
                        @Override public String name() { return "node-kill"; }
                        @Override public void inject() { nodes.get(0).kill(); }
                        @Override public void heal() { }
                    } : new ChaosRun.Fault() {
                        @Override public String name() { return scenario; }
                        @Override public void inject() { services.stop(scenario); }
                        @Override public void heal() { services.start(scenario); }
                    };
                    ChaosRun.Counts counts = new ChaosRun(() -> nodes.stream().filter(NodeProcess::isAlive).toList(), ws, rate)
                            .run(fault, Duration.ofSeconds(5), faultLength, Duration.ofSeconds(5), Duration.ofSeconds(120));
                    System.out.println(counts.line());
                    ok &= counts.unacked() == 0 && counts.lost() == 0 && counts.duplicates() == 0 && counts.seqGaps() == 0
                            && counts.missedByClients() == 0 && counts.healthyAfter();
                } finally {
                    nodes.forEach(NodeProcess::close);
                }
            }
        } finally {
            ws.stop();
        }
        System.out.println(ok ? "chaos: every acknowledged message kept, once, in order" : "chaos: FAILED");
        System.exit(ok ? 0 : 1);
    }
}
