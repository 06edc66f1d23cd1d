package io.pulsechat.db;

import com.codahale.metrics.health.HealthCheck;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.pulsechat.health.DependencyErrors;
import io.pulsechat.health.OutageLog;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The `postgres` check: the validation query through the pool. Unlike Dropwizard's own check, whose
 * answer to a refused connection is only "Unable to successfully check in 2 seconds", it says why
 * PostgreSQL refused (password, TLS, pg_hba), for /health.
 */
public final class DatabaseHealthCheck extends HealthCheck {
    private final Jdbi jdbi;
    private final String validationQuery;
    private final int timeoutSeconds;
    private final OutageLog outage = OutageLog.of("postgres");

    private DatabaseHealthCheck(Jdbi jdbi, String validationQuery, int timeoutSeconds) {
        this.jdbi = jdbi;
        this.validationQuery = validationQuery;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** Replaces the check that JdbiFactory registered under {@code name}. */
    public static void replace(Environment environment, String name, Jdbi jdbi, DataSourceFactory database) {
        int timeout = (int) Math.max(1, database.getValidationQueryTimeout()
                .map(d -> d.toSeconds()).orElse(2L));
        environment.healthChecks().unregister(name);
        environment.healthChecks().register(name, new DatabaseHealthCheck(jdbi,
                database.getValidationQuery().orElse("SELECT 1"), timeout));
    }

    @Override
    protected Result check() {
        try {
            jdbi.useHandle(handle -> handle.createQuery(validationQuery).setQueryTimeout(timeoutSeconds).mapTo(Integer.class).one());
            outage.recovered();
            return Result.healthy();
        } catch (JdbiException e) {
            String reason = DependencyErrors.describe(e);
            outage.failed(reason);
            return Result.unhealthy(reason);
        }
    }
}
