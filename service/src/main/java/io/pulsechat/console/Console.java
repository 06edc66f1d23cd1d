package io.pulsechat.console;

import io.dropwizard.core.setup.Environment;
import io.pulsechat.kafka.GroupPartitions;
import redis.clients.jedis.UnifiedJedis;

/** Wires the ops console: its monitor (a Managed) and its page, on the admin port only. */
public final class Console {
    /** How long a node's snapshot outlives it in Redis: a node that died is gone from the view after this. */
    private static final int SNAPSHOT_EXPIRY_SECONDS = 5;

    private Console() {}

    /** {@code healthDeadline}: how long a dependency's check may take before the console shows it failed. */
    public static void install(Environment env, UnifiedJedis redis, String nodeId, long healthDeadlineMillis,
                               GroupPartitions partitions) {
        var monitor = new ConsoleMonitor(nodeId, new Sampler(env.metrics(), System::currentTimeMillis),
                new HealthWatch(env.healthChecks(), healthDeadlineMillis),
                new ClusterBoard(redis, env.getObjectMapper(), nodeId, SNAPSHOT_EXPIRY_SECONDS),
                partitions::read, System::currentTimeMillis);
        env.lifecycle().manage(monitor);
        env.admin().addServlet("console", new ConsoleServlet(monitor, env.getObjectMapper()))
                .addMapping("/console", "/console/*");
    }
}
