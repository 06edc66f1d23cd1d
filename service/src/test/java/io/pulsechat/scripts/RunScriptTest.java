package io.pulsechat.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import io.pulsechat.testing.Services;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** `scripts/run`'s answers that come before it starts anything: help, argument errors, a port in use. */
class RunScriptTest {
    private record Result(int exitCode, String output) {}

    @Test
    void helpPrintsTheHeaderAndNothingOfTheScript() throws Exception {
        Result help = run(Map.of(), "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.output()).startsWith("Starts a PulseChat node").contains("scripts/run --node 2")
                .doesNotContain("set -euo").doesNotContain("#");
    }

    @Test
    void aMissingOrBadNodeNumberOrAnUnknownArgumentIsAUsageError() throws Exception {
        for (List<String> args : List.of(List.of("--node"), List.of("--node", "two"), List.of("--bogus"))) {
            Result result = run(Map.of(), args.toArray(String[]::new));
            assertThat(result.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(result.output()).contains("usage: scripts/run [--node N]").doesNotContain("unbound variable");
        }
    }

    @Test
    void aPortInUseIsOneLineNamingItAndTheWayOut() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            // Were the port not checked first, the services would fail at once on this STACK_DIR instead of starting.
            Result result = run(Map.of("PORT", String.valueOf(port), "ADMIN_PORT", String.valueOf(port + 1),
                    "STACK_DIR", "/dev/null/not-a-directory"));
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.output().strip().lines()).singleElement().satisfies(line -> assertThat(line)
                    .contains("port " + port + " is in use").contains("--node 2").contains("PORT="));
        }
    }

    private static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        var command = new java.util.ArrayList<>(List.of("bash", Services.ROOT.resolve("scripts/run").toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("scripts/run did not exit: " + output);
        }
        return new Result(process.exitValue(), output);
    }
}
