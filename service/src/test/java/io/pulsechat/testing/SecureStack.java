package io.pulsechat.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * PostgreSQL, Redis and Kafka secured as managed services are (TLS with a CA of their own, passwords,
 * SCRAM), started by scripts/secure-stack on free ports under target/secure-stack, with fresh
 * passwords and certificates every run.
 */
public final class SecureStack implements AutoCloseable {
    private static final Path DIR = Services.ROOT.resolve("target/secure-stack");

    public final int pgPort = FreePorts.pick();
    public final int redisPort = FreePorts.pick();
    public final int kafkaPort = FreePorts.pick();
    public final int kafkaMtlsPort = FreePorts.pick();
    public final String pgPassword = "pg-" + UUID.randomUUID();
    public final String redisPassword = "redis-" + UUID.randomUUID();
    public final String kafkaPassword = "kafka-" + UUID.randomUUID();
    private final Map<String, String> env = new HashMap<>();

    private SecureStack() {
        env.put("STACK_DIR", DIR.toString());
        env.put("PG_PORT", String.valueOf(pgPort));
        env.put("REDIS_PORT", String.valueOf(redisPort));
        env.put("KAFKA_PORT", String.valueOf(kafkaPort));
        env.put("KAFKA_MTLS_PORT", String.valueOf(kafkaMtlsPort));
        env.put("KAFKA_INTERNAL_PORT", String.valueOf(FreePorts.pick()));
        env.put("KAFKA_CONTROLLER_PORT", String.valueOf(FreePorts.pick()));
        env.put("SECURE_PG_PASSWORD", pgPassword);
        env.put("SECURE_REDIS_PASSWORD", redisPassword);
        env.put("SECURE_KAFKA_PASSWORD", kafkaPassword);
    }

    public static SecureStack start() {
        var stack = new SecureStack();
        stack.run("stop");
        Directories.deleteRecursively(DIR);
        // Before the start: a start that fails half-way leaves services that only a stop ends.
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stopQuietlyAtExit, "stop-secure-stack"));
        try {
            stack.run("start");
        } catch (RuntimeException e) {
            stack.stopAfterFailure(e);
            throw e;
        }
        return stack;
    }

    /** A certificate, key or CA of the stack: ca.pem, other-ca.pem (trusted by nothing), client.pem, client.key. */
    public Path cert(String name) {
        return DIR.resolve("certs").resolve(name);
    }

    /** What an operator would set for a node on this stack (the provider form of DATABASE_URL). */
    public Map<String, String> nodeEnv() {
        Map<String, String> node = new HashMap<>();
        node.put("DATABASE_URL", "postgres://chat:" + pgPassword + "@127.0.0.1:" + pgPort
                + "/chat?sslmode=verify-full&sslrootcert=" + cert("ca.pem"));
        node.put("REDIS_URL", "rediss://127.0.0.1:" + redisPort);
        node.put("REDIS_PASSWORD", redisPassword);
        node.put("REDIS_CA_PEM", cert("ca.pem").toString());
        node.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafkaPort);
        node.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        node.put("KAFKA_SASL_MECHANISM", "SCRAM-SHA-256");
        node.put("KAFKA_USERNAME", "chat");
        node.put("KAFKA_PASSWORD", kafkaPassword);
        node.put("KAFKA_CA_PEM", cert("ca.pem").toString());
        node.put("JWT_SECRET", TestStack.JWT_SECRET);
        return node;
    }

    /** `java -jar target/chat.jar <args> chat.yml` with this environment; its output, after it exits 0. */
    public static String runCommand(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of("java", "-jar", Services.ROOT.resolve("target/chat.jar").toString()));
        command.addAll(List.of(args));
        command.add(Services.ROOT.resolve("chat.yml").toString());
        try {
            Path log = Files.createTempFile(DIR, "command-", ".log");
            Commands.run(command, env, log, Duration.ofMinutes(3));
            return Files.readString(log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the output of " + String.join(" ", args), e);
        }
    }

    private void run(String command) {
        Commands.run(List.of(Services.ROOT.resolve("scripts/secure-stack").toString(), command), env,
                Services.ROOT.resolve("target/secure-stack.log"), Duration.ofMinutes(5));
    }

    @Override
    public void close() {
        run("stop");
    }

    private void stopAfterFailure(RuntimeException failure) {
        try {
            run("stop");
        } catch (RuntimeException stopping) {
            failure.addSuppressed(stopping);
        }
    }

    /** At JVM exit nothing is left to report to: a stop that fails says so on standard error. */
    private void stopQuietlyAtExit() {
        try {
            run("stop");
        } catch (RuntimeException e) {
            System.err.println("stopping the secure stack at exit failed: " + e.getMessage());
        }
    }
}
