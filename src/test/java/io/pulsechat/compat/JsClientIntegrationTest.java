package io.pulsechat.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dropwizard.testing.ConfigOverride;
import io.pulsechat.testing.Api;
import io.pulsechat.testing.Api.Account;
import io.pulsechat.testing.TestNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The frontend's own client library, socket.io-client 4 for JavaScript, against a node: polling then
 * the upgrade, JOIN, the echo, a dropped transport and `socket.recovered`. Runs only where
 * SOCKETIO_CLIENT_JS names a directory with `node_modules/socket.io-client` (Node.js on the PATH);
 * the Java client cannot do recovery, so this is the check of it with the real frontend library.
 */
class JsClientIntegrationTest {
    @Test
    void theJavaScriptClientJoinsSendsAndRecoversAfterATransportDrop() throws Exception {
        String clientDir = System.getenv("SOCKETIO_CLIENT_JS");
        assumeTrue(clientDir != null && Files.isDirectory(Path.of(clientDir, "node_modules", "socket.io-client")),
                "SOCKETIO_CLIENT_JS is not set to a directory with socket.io-client installed");
        try (var node = TestNode.start("js-client", ConfigOverride.config("compat.pulsechatFrontend.enabled", "true"))) {
            var api = new Api(node);
            Account ann = api.register("Ann");
            Account bob = api.register("Bob");
            String chat = api.direct(ann, bob).toString();
            Path env = Files.createTempFile("js-client", ".json");
            Files.writeString(env, Api.JSON.writeValueAsString(Map.of("url", node.http("").toString(),
                    "annToken", "Bearer " + ann.token(), "bobToken", bob.token(), "annId", ann.id().toString(), "chat", chat)));
            Path script = Path.of("src/test/js/frontend-check.js").toAbsolutePath();
            var command = new ProcessBuilder("node", script.toString(), env.toString()).redirectErrorStream(true);
            command.environment().put("NODE_PATH", Path.of(clientDir, "node_modules").toString());
            Process process = command.start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(output).contains("reconnected, recovered: true").endsWith("OK\n");
            assertThat(process.exitValue()).as(output).isZero();
        }
    }
}
