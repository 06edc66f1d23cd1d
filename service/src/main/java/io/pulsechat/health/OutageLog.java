package io.pulsechat.health;

import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one dependency's outages: one line when it goes, one when it is back, and at most one
 * a minute in between, whatever the failure's text (clients alternate between several texts for the
 * same outage). Every place that sees the same dependency fail shares one instance.
 */
public final class OutageLog {
    private static final Logger LOG = LoggerFactory.getLogger(OutageLog.class);
    static final long REPEAT_MS = 60_000;

    private final String dependency;
    private final LongSupplier clock;
    private long downSince = -1;
    private long lastLoggedAt;

    public OutageLog(String dependency) {
        this(dependency, System::currentTimeMillis);
    }

    OutageLog(String dependency, LongSupplier clock) {
        this.dependency = dependency;
        this.clock = clock;
    }

    /** Records a failure; logs it when it starts an outage or a minute has passed. Returns the line logged, or null. */
    public synchronized String failed(String reason) {
        long now = clock.getAsLong();
        String line;
        if (downSince < 0) {
            downSince = now;
            line = dependency + " is unavailable: " + reason;
        } else if (now - lastLoggedAt >= REPEAT_MS) {
            line = dependency + " is still unavailable, for " + (now - downSince) / 1000 + " s: " + reason;
        } else {
            return null;
        }
        lastLoggedAt = now;
        LOG.warn(line);
        return line;
    }

    /** Records a success; logs the end of an outage. Returns the line logged, or null. */
    public synchronized String recovered() {
        if (downSince < 0) {
            return null;
        }
        String line = dependency + " is available again after " + (clock.getAsLong() - downSince) / 1000 + " s";
        downSince = -1;
        LOG.info(line);
        return line;
    }

    public synchronized boolean isDown() {
        return downSince >= 0;
    }
}
