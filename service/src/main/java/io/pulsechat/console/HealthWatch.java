package io.pulsechat.console;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import io.pulsechat.health.DeadlineCheck;

/**
 * Runs the node's health checks (the same as the admin port's /healthcheck) and keeps the latest
 * results, so that a slow check (a dependency timing out) never holds up the page or the samples.
 * Each has the deadline of /health: a stuck one shows as failed, as it does there.
 */
final class HealthWatch {
    private final HealthCheckRegistry registry;
    private final long deadlineMillis;
    private final Map<String, DeadlineCheck> checks = new ConcurrentHashMap<>();
    private volatile Map<String, Check> latest = Map.of();
    /**
     * Dropwizard's `deadlocks` check asks the JVM for deadlocked threads, a pause of every thread at a
     * safepoint: once a minute is enough for a page, where the other checks run every refresh.
     */
    static final String DEADLOCKS = "deadlocks";
    private static final long DEADLOCKS_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private long deadlocksCheckedAt;

    HealthWatch(HealthCheckRegistry registry, long deadlineMillis) {
        this.registry = registry;
        this.deadlineMillis = deadlineMillis;
    }

    void refresh() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMillis);
        Map<String, CompletableFuture<HealthCheck.Result>> runs = new TreeMap<>();
        Check lastDeadlocks = latest.get(DEADLOCKS);
        boolean deadlocksDue = lastDeadlocks == null || System.nanoTime() - deadlocksCheckedAt >= DEADLOCKS_EVERY_NANOS;
        for (String name : registry.getNames()) {
            if (name.equals(DEADLOCKS) && !deadlocksDue) {
                continue;
            }
            runs.put(name, checks.computeIfAbsent(name,
                    n -> new DeadlineCheck("console-" + n, () -> registry.runHealthCheck(n), deadlineMillis)).start());
        }
        Map<String, Check> results = new LinkedHashMap<>();
        for (Map.Entry<String, CompletableFuture<HealthCheck.Result>> entry : runs.entrySet()) {
            HealthCheck.Result result;
            try {
                result = checks.get(entry.getKey()).await(entry.getValue(), deadline);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            String message = result.getMessage();
            if (message == null && result.getError() != null) {
                message = result.getError().toString();
            }
            results.put(entry.getKey(), new Check(result.isHealthy(), message));
        }
        if (deadlocksDue && results.containsKey(DEADLOCKS)) {
            deadlocksCheckedAt = System.nanoTime();
        } else if (lastDeadlocks != null && registry.getNames().contains(DEADLOCKS)) {
            results.put(DEADLOCKS, lastDeadlocks);
        }
        latest = Collections.unmodifiableMap(results);
    }

    Map<String, Check> latest() {
        return latest;
    }
}
