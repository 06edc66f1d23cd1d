package io.pulsechat.testing;

import io.pulsechat.ChatApplication;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real PostgreSQL, Redis and Kafka that integration tests run against: started once per test
 * JVM by scripts/services (the same script a developer uses), on free ports under target/, and
 * migrated. With TEST_DATABASE_URL, TEST_REDIS_URL and TEST_KAFKA_BOOTSTRAP_SERVERS set, the tests
 * use those instead, and the tests that stop a service are skipped.
 */
public final class TestStack {
    public static final String JWT_SECRET = "test-secret-test-secret-test-secret-0123456789";
    private static final Path ROOT = Services.ROOT;
    private static TestStack instance;

    private final boolean owned;
    private Services services;
    public final String databaseUrl;
    public final String redisUrl;
    public final String kafkaBootstrap;

    private TestStack(boolean owned, String databaseUrl, String redisUrl, String kafkaBootstrap) {
        this.owned = owned;
        this.databaseUrl = databaseUrl;
        this.redisUrl = redisUrl;
        this.kafkaBootstrap = kafkaBootstrap;
    }

    public static synchronized TestStack get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static TestStack start() {
        String db = System.getenv("TEST_DATABASE_URL");
        TestStack stack;
        if (db != null) {
            stack = new TestStack(false, db, System.getenv("TEST_REDIS_URL"), System.getenv("TEST_KAFKA_BOOTSTRAP_SERVERS"));
        } else {
            int pg = FreePorts.pick();
            int redis = FreePorts.pick();
            int kafka = FreePorts.pick();
            stack = new TestStack(true, "jdbc:postgresql://127.0.0.1:" + pg + "/chat", "redis://127.0.0.1:" + redis,
                    "127.0.0.1:" + kafka);
            stack.services = new Services(Map.of(
                    "STACK_DIR", ROOT.resolve("target/test-stack").toString(),
                    "PG_PORT", String.valueOf(pg),
                    "REDIS_PORT", String.valueOf(redis),
                    "KAFKA_PORT", String.valueOf(kafka),
                    "KAFKA_CONTROLLER_PORT", String.valueOf(FreePorts.pick())), ROOT.resolve("target/test-stack-services.log"));
            // A fresh stack every run: no consumer-group members or data left by an earlier, killed run.
            stack.services("stop");
            Directories.deleteRecursively(ROOT.resolve("target/test-stack"));
            // Before the start: a start that fails half-way leaves services that only a stop ends.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stack.services("stop"), "stop-test-stack"));
            stack.services("start");
        }
        // Every node built in this JVM reads these; each test node adds its own ports and id.
        System.setProperty("dw.database.url", stack.databaseUrl);
        System.setProperty("dw.database.user", System.getenv().getOrDefault("TEST_DATABASE_USER", "chat"));
        System.setProperty("dw.database.password", System.getenv().getOrDefault("TEST_DATABASE_PASSWORD", "chat"));
        System.setProperty("dw.redis.url", stack.redisUrl);
        System.setProperty("dw.kafka.bootstrapServers", stack.kafkaBootstrap);
        System.setProperty("dw.jwt.secret", JWT_SECRET);
        // Cheap password hashing: the tests register many users.
        System.setProperty("dw.passwords.memoryKib", "1024");
        System.setProperty("dw.passwords.iterations", "1");
        System.setProperty("dw.logging.level", "WARN");
        // Every test client comes from 127.0.0.1; the abuse tests set their own low limits.
        System.setProperty("dw.abuse.registrationBurstPerAddress", "1000000");
        System.setProperty("dw.abuse.loginsPerMinutePerAddress", "1000000");
        System.setProperty("dw.abuse.loginBurstPerAddress", "1000000");
        System.setProperty("dw.abuse.sendsPerSecondPerAddress", "1000000");
        try {
            new ChatApplication().run("db", "migrate", ROOT.resolve("chat.yml").toString());
        } catch (Exception e) {
            throw new IllegalStateException("migrating the test database failed", e);
        }
        return stack;
    }

    public boolean owned() {
        return owned;
    }

    /** The services of this stack, to stop and start in failure tests. */
    public Services services() {
        if (services == null) {
            throw new IllegalStateException("the test stack is external; it cannot be stopped or started here");
        }
        return services;
    }

    /** Stops one service (postgres, redis or kafka): for tests of failures. */
    public void stop(String service) {
        services("stop", service);
    }

    public void start(String service) {
        services("start", service);
    }

    private void services(String... args) {
        if (services == null) {
            throw new IllegalStateException("the test stack is external; it cannot be stopped or started here");
        }
        String[] which = java.util.Arrays.copyOfRange(args, 1, args.length);
        if (args[0].equals("start")) {
            services.start(which);
        } else {
            services.stop(which);
        }
    }
}
