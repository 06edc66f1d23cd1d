package io.pulsechat.resources;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The application port's view of the dependency health checks that the admin port also serves. */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {
    private final HealthCheckRegistry registry;
    private final List<String> dependencies;

    public HealthResource(HealthCheckRegistry registry, List<String> dependencies) {
        this.registry = registry;
        this.dependencies = dependencies;
    }

    @GET
    public Response health() {
        Map<String, Object> checks = new LinkedHashMap<>();
        boolean healthy = true;
        for (String name : dependencies) {
            HealthCheck.Result result = registry.runHealthCheck(name);
            healthy &= result.isHealthy();
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("healthy", result.isHealthy());
            if (result.getMessage() != null) {
                check.put("message", result.getMessage());
            }
            checks.put(name, check);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", healthy ? "ok" : "unavailable");
        body.put("checks", checks);
        return Response.status(healthy ? 200 : 503).entity(body).build();
    }
}
