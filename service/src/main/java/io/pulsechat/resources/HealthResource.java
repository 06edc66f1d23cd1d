package io.pulsechat.resources;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import io.pulsechat.health.DeadlineCheck;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The application port's view of the dependency health checks that the admin port also serves. The
 * checks run at once, each with a deadline, so that the answer comes within it whatever hangs.
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {
    private final Map<String, DeadlineCheck> checks = new LinkedHashMap<>();
    private final long deadlineMillis;

    public HealthResource(HealthCheckRegistry registry, List<String> dependencies, long deadlineMillis) {
        this.deadlineMillis = deadlineMillis;
        for (String name : dependencies) {
            checks.put(name, new DeadlineCheck(name, () -> registry.runHealthCheck(name), deadlineMillis));
        }
    }

    @GET
    public Response health() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMillis);
        Map<String, CompletableFuture<HealthCheck.Result>> runs = new LinkedHashMap<>();
        checks.forEach((name, check) -> runs.put(name, check.start()));
        Map<String, Object> results = new LinkedHashMap<>();
        boolean healthy = true;
        for (var entry : checks.entrySet()) {
            HealthCheck.Result result = entry.getValue().await(runs.get(entry.getKey()), deadline);
            healthy &= result.isHealthy();
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("healthy", result.isHealthy());
            if (result.getMessage() != null) {
                check.put("message", result.getMessage());
            }
            results.put(entry.getKey(), check);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", healthy ? "ok" : "unavailable");
        body.put("checks", results);
        return Response.status(healthy ? 200 : 503).entity(body).build();
    }
}
