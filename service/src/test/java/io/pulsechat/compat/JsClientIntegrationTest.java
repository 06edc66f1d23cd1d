package io.pulsechat.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dropwizard.testing.ConfigOverride;
import io.pulsechat.testing.Api;
import io.pulsechat.testing.Api.Account;
import io.pulsechat.testing.NodeProcess;
import io.pulsechat.testing.TcpProxy;
import io.pulsechat.testing.TestNode;
import io.pulsechat.testing.TestStack;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The frontend's own client library, socket.io-client 4.8 for JavaScript, pinned by
 * src/test/js/package-lock.json and installed with `npm ci` into target/js-client, set up exactly as
 * README.md tells the frontend to (`auth` a function that reads the session at every connect). It talks
 * to two nodes through a proxy standing in for a load balancer: an in-process node that restarts and a
 * `java -jar` node that is killed with SIGKILL. Runs wherever `node` and `npm` are on the PATH (CI
 * machines); elsewhere it is skipped, saying so.
 */
class JsClientIntegrationTest {
    private static final Path SOURCES = Path.of("src/test/js").toAbsolutePath();
    private static final Path CLIENT = Path.of("target/js-client").toAbsolutePath();

    @Test
    void theFrontendsClientRecoversThroughARestartADropAndAKill() throws Exception {
        assumeTrue(onPath("node") && onPath("npm"),
                "node and npm are not on the PATH: the frontend's JavaScript client (socket.io-client) cannot run here");
        installClient();
        var killable = CompletableFuture.supplyAsync(JsClientIntegrationTest::killableNode);
        try (var restarting = TestNode.start("js-restarting", ConfigOverride.config("compat.pulsechatFrontend.enabled", "true"));
             var killed = killable.join();
             var proxy = TcpProxy.start(null)) {
            var api = new Api(restarting);
            var survivorApi = new Api(killed);
            Account ann = api.register("Ann");
            Account bob = api.register("Bob");
            UUID chat = api.direct(ann, bob);
            proxy.target(port(restarting));

            Path env = Files.createTempFile(CLIENT, "env", ".json");
            Files.writeString(env, Api.JSON.writeValueAsString(Map.of("proxyUrl", "http://127.0.0.1:" + proxy.port(),
                    "otherNodeUrl", killed.http("").toString(), "annToken", "Bearer " + ann.token(), "bobToken", bob.token(),
                    "annId", ann.id().toString(), "chat", chat.toString(), "timeoutMs", 150_000)));
            var script = new Script(new ProcessBuilder("node", CLIENT.resolve("frontend-check.js").toString(), env.toString())
                    .directory(CLIENT.toFile()).redirectErrorStream(true).start());
            try {
                script.awaitStep("restart");
                restarting.stop();
                send(survivorApi, bob, chat, "missed 1");
                send(survivorApi, bob, chat, "missed 2");
                restarting.startAgain();
                proxy.target(port(restarting));
                script.go();

                script.awaitStep("drop");
                proxy.target(null);
                proxy.dropAll();
                send(api, bob, chat, "while dropped");
                proxy.target(port(killed));
                script.go();

                script.awaitStep("kill");
                proxy.target(null);
                killed.kill();
                send(api, bob, chat, "after the kill");
                proxy.target(port(restarting));
                script.go();

                script.awaitOk();
            } finally {
                script.process.destroyForcibly();
            }
        }
    }

    /** A node in its own process on the test stack, with the frontend switched on: one that can be SIGKILLed. */
    private static NodeProcess killableNode() {
        TestStack stack = TestStack.get();
        return NodeProcess.start("js-killed", Map.of(
                        "DATABASE_URL", stack.databaseUrl,
                        "REDIS_URL", stack.redisUrl,
                        "KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrap,
                        "JWT_SECRET", TestStack.JWT_SECRET,
                        "COMPAT_FRONTEND", "true"),
                // The shortest session timeout the broker allows: its partitions move soon after the SIGKILL.
                List.of("-Ddw.passwords.memoryKib=1024", "-Ddw.passwords.iterations=1",
                        "-Ddw.abuse.sendsPerSecondPerAddress=1000000", "-Ddw.kafka.sessionTimeout=6s"),
                CLIENT.resolveSibling("node-logs"));
    }

    private static int port(io.pulsechat.testing.NodeAddress node) {
        return node.http("").getPort();
    }

    /** Accepted for storing: 201, or 202 while the killed node's partitions move (the script waits for it). */
    private static void send(Api api, Account from, UUID chat, String body) {
        assertThat(api.post("/api/messages", Map.of("conversationId", chat.toString(), "clientMessageId",
                UUID.randomUUID().toString(), "body", body), from.token()).status()).as("accepted: " + body).isIn(201, 202);
    }

    private static boolean onPath(String command) {
        return java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    /** `npm ci` from the committed lock file, unless target/js-client already holds exactly that install. */
    private static void installClient() throws IOException, InterruptedException {
        Files.createDirectories(CLIENT);
        Files.copy(SOURCES.resolve("frontend-check.js"), CLIENT.resolve("frontend-check.js"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        byte[] lock = Files.readAllBytes(SOURCES.resolve("package-lock.json"));
        Path installed = CLIENT.resolve("package-lock.json");
        if (Files.isDirectory(CLIENT.resolve("node_modules/socket.io-client")) && Files.exists(installed)
                && java.util.Arrays.equals(lock, Files.readAllBytes(installed))) {
            return;
        }
        Files.copy(SOURCES.resolve("package.json"), CLIENT.resolve("package.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.write(installed, lock);
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(CLIENT.toFile()).redirectErrorStream(true).start();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(npm.waitFor(180, TimeUnit.SECONDS)).as("npm ci finished").isTrue();
        assertThat(npm.exitValue()).as("npm ci in " + CLIENT + ":\n" + output).isZero();
    }

    /** The script's output, line by line, and its stdin for the answers to its steps. */
    private static final class Script {
        private final Process process;
        private final Writer stdin;
        private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> transcript = new ArrayList<>();

        Script(Process process) {
            this.process = process;
            this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    out.lines().forEach(lines::add);
                } catch (IOException e) {
                    lines.add("FAIL reading the script's output: " + e);
                }
                lines.add("EXIT");
            }, "js-client-output");
            reader.setDaemon(true);
            reader.start();
        }

        void awaitStep(String name) throws InterruptedException {
            awaitLine("STEP " + name);
        }

        void awaitOk() throws InterruptedException {
            awaitLine("OK");
        }

        void go() throws IOException {
            stdin.write("go\n");
            stdin.flush();
        }

        private void awaitLine(String expected) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (true) {
                String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("no \"" + expected + "\" from the script within 120 s:\n" + String.join("\n", transcript));
                }
                transcript.add(line);
                if (line.equals(expected)) {
                    return;
                }
                if (line.startsWith("FAIL") || line.equals("EXIT")) {
                    throw new AssertionError("the frontend's client failed before \"" + expected + "\":\n"
                            + String.join("\n", transcript));
                }
            }
        }
    }
}
