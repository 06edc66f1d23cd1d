package io.pulsechat.console;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the node's health checks (the same as the admin port's /healthcheck) and keeps the latest
 * results, so that a slow check (a dependency timing out) never holds up the page or the samples.
 */
final class HealthWatch {
    private final HealthCheckRegistry registry;
    private volatile Map<String, Check> latest = Map.of();

    HealthWatch(HealthCheckRegistry registry) {
        this.registry = registry;
    }

    void refresh() {
        Map<String, Check> checks = new LinkedHashMap<>();
        for (Map.Entry<String, HealthCheck.Result> entry : registry.runHealthChecks().entrySet()) {
            HealthCheck.Result result = entry.getValue();
            String message = result.getMessage();
            if (message == null && result.getError() != null) {
                message = result.getError().toString();
            }
            checks.put(entry.getKey(), new Check(result.isHealthy(), message));
        }
        latest = Collections.unmodifiableMap(checks);
    }

    Map<String, Check> latest() {
        return latest;
    }
}
