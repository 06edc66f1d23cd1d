package io.pulsechat.health;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log line of a failing health check: one per reason (again after a minute), naming the
 * dependency, so that an operator sees why /health is 503 without a line on every poll.
 */
public final class UnhealthyLog {
    private static final Logger LOG = LoggerFactory.getLogger(UnhealthyLog.class);

    private final String dependency;
    private final RepeatedFailure failures = new RepeatedFailure();

    public UnhealthyLog(String dependency) {
        this.dependency = dependency;
    }

    /** Logs the reason when it is news, and returns it for the health check's message. */
    public String report(String reason) {
        if (failures.shouldLog(reason)) {
            LOG.error("{} is unavailable: {}", dependency, reason);
        }
        return reason;
    }

    public void clear() {
        failures.clear();
    }
}
