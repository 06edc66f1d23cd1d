package io.pulsechat.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.testing.Services;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The node as operators start it refuses a bad chat.yml with one line per bad setting, naming its path. */
class BadSettingsIntegrationTest {
    @Test
    void badValuesStopTheNodeWithOneLineEachAndNoStackTrace() throws Exception {
        var builder = new ProcessBuilder("java", "-Ddw.kafka.compression=brotli", "-Ddw.websocket.pingInterval=90s",
                "-jar", Services.ROOT.resolve("target/chat.jar").toString(), "server", "chat.yml")
                .directory(Services.ROOT.toFile()).redirectErrorStream(true);
        builder.environment().put("JWT_SECRET", "0123456789abcdef0123456789abcdef");
        Process node = builder.start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("the node stopped").isTrue();
        assertThat(node.exitValue()).isEqualTo(1);
        assertThat(output.lines().toList()).containsExactly(
                "chat.yml has the following errors:",
                "  * kafka.compression must be one of [none, gzip, snappy, lz4, zstd]",
                "  * websocket.pingInterval must be shorter than websocket.idleTimeout");
    }

    /** A setting checked only where it is used would let the node start: compat is off here. */
    @Test
    void aBadTrustedLoginNetworkStopsTheNodeEvenWithCompatOff() throws Exception {
        var builder = new ProcessBuilder("java", "-Ddw.compat.trustedLoginNetworks=10.0.0.0/33",
                "-jar", Services.ROOT.resolve("target/chat.jar").toString(), "server", "chat.yml")
                .directory(Services.ROOT.toFile()).redirectErrorStream(true);
        builder.environment().put("JWT_SECRET", "0123456789abcdef0123456789abcdef");
        Process node = builder.start();
        List<String> lines = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();

        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("the node stopped").isTrue();
        assertThat(node.exitValue()).isEqualTo(1);
        assertThat(lines).contains("  * compat.trustedLoginNetworks must be CIDRs, e.g. 10.0.0.0/8, 192.168.1.10 or fd00::/8");
    }
}
