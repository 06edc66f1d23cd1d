package io.pulsechat.health;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one dependency's outages: one line when it goes, one when it is back, and at most one
 * a minute in between, whatever the failure's text (clients alternate between several texts for the
 * same outage) and whichever part of the node noticed it.
 *
 * <p>Every part of the node that talks to a dependency reports to the one log of that dependency,
 * {@link #of(String)}, through a {@link Source} of its own. The outage starts with the first failure
 * of any of them. It ends when the dependency's health check passes (its own {@link #recovered()}:
 * that check covers what every part needs, e.g. for Redis both the commands and the subscription),
 * or when every source that failed has succeeded again. One node runs per JVM in production; nodes
 * started in one test JVM share these logs, which only makes their logs shorter.
 */
public final class OutageLog {
    private static final Logger LOG = LoggerFactory.getLogger(OutageLog.class);
    private static final Map<String, OutageLog> SHARED = new ConcurrentHashMap<>();
    static final long REPEAT_MS = 60_000;
    /**
     * A failure this soon after the end of an outage is an attempt that began before it ended (a command
     * on a connection made during the outage, waiting out its deadline): still the outage that ended, not a
     * new one. A new outage goes on failing, and is logged once this has passed.
     */
    static final long LATE_FAILURE_MS = 5_000;

    /** One part of the node that uses the dependency; its success ends only its own share of an outage. */
    public final class Source {
        private final String what;
        /** Whether this source's last report was a failure: lets a success on a hot path skip the lock. */
        private volatile boolean failed;

        private Source(String what) {
            this.what = what;
        }

        /** Records a failure; returns the line logged, or null. */
        public String failed(String reason) {
            failed = true;
            return OutageLog.this.failed(this, reason + " (" + what + ")");
        }

        /** Records a success; returns the line logged (the outage is over), or null. */
        public String recovered() {
            if (!failed) {
                return null;
            }
            failed = false;
            return OutageLog.this.recovered(this);
        }
    }

    private final String dependency;
    private final LongSupplier clock;
    private final Set<Source> failing = new HashSet<>();
    private final Source check = new Source("health check");
    private long downSince = -1;
    private long lastLoggedAt;
    private long endedAt = Long.MIN_VALUE;

    /** The log of {@code dependency}'s outages that every part of this node shares. */
    public static OutageLog of(String dependency) {
        return SHARED.computeIfAbsent(dependency, d -> new OutageLog(d, System::currentTimeMillis));
    }

    OutageLog(String dependency, LongSupplier clock) {
        this.dependency = dependency;
        this.clock = clock;
    }

    /** A part of the node that reports its failures and successes with this dependency, e.g. "the subscription". */
    public Source source(String what) {
        return new Source(what);
    }

    /** The health check's failure: logs it when it starts an outage or a minute has passed. Returns the line logged, or null. */
    public String failed(String reason) {
        return failed(check, reason);
    }

    /** The health check passed: the dependency works for every part of the node. Returns the line logged, or null. */
    public synchronized String recovered() {
        failing.clear();
        return endIfOver();
    }

    public synchronized boolean isDown() {
        return downSince >= 0;
    }

    private synchronized String failed(Source source, String reason) {
        long now = clock.getAsLong();
        if (downSince < 0 && endedAt != Long.MIN_VALUE && now - endedAt < LATE_FAILURE_MS) {
            return null;
        }
        failing.add(source);
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

    private synchronized String recovered(Source source) {
        if (source == check) {
            return recovered();
        }
        failing.remove(source);
        return endIfOver();
    }

    private String endIfOver() {
        if (downSince < 0 || !failing.isEmpty()) {
            return null;
        }
        String line = dependency + " is available again after " + (clock.getAsLong() - downSince) / 1000 + " s";
        downSince = -1;
        endedAt = clock.getAsLong();
        LOG.info(line);
        return line;
    }
}
