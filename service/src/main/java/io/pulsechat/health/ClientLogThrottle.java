package io.pulsechat.health;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * The client libraries of our dependencies (Kafka, Jedis, the connection pool) log a warning or an
 * error on every reconnection attempt: with a wrong password or an untrusted certificate that is a
 * line (often a stack trace) every second, forever. This lets each such message through once, then
 * at most once per {@link #WINDOW_MS} for the same logger and message pattern. Our own loops that
 * retry (the storing consumer's poll) are throttled the same way when what they log is a Kafka
 * authentication failure (wrong password, untrusted certificate), which no retry can cure.
 */
public final class ClientLogThrottle extends TurboFilter {
    static final long WINDOW_MS = 60_000;
    private static final String NAME = "client-log-throttle";
    private static final List<String> CLIENT_LOGGERS =
            List.of("org.apache.kafka", "redis.clients", "org.apache.tomcat.jdbc", "org.postgresql",
                    // The membership cache's failed background reads during a PostgreSQL outage.
                    "com.github.benmanes.caffeine");

    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    ClientLogThrottle(LongSupplier clock) {
        this.clock = clock;
    }

    /** Adds the throttle to the logging of this JVM (after Dropwizard has configured it), once. */
    public static void install() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                && context.getTurboFilterList().stream().noneMatch(f -> NAME.equals(f.getName()))) {
            var throttle = new ClientLogThrottle(System::currentTimeMillis);
            throttle.setName(NAME);
            throttle.start();
            context.addTurboFilter(throttle);
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format == null || !level.isGreaterOrEqual(Level.WARN) || !logger.isEnabledFor(level)
                || !(isClient(logger) || isAuthenticationFailure(t != null ? t : lastThrowable(params)))) {
            return FilterReply.NEUTRAL;
        }
        String key = logger.getName() + '\u0000' + format;
        long now = clock.getAsLong();
        Long previous = lastLogged.get(key);
        if (previous != null && now - previous < WINDOW_MS) {
            return FilterReply.DENY;
        }
        lastLogged.put(key, now);
        if (lastLogged.size() > 10_000) {
            lastLogged.clear();
        }
        return FilterReply.NEUTRAL;
    }

    private static Throwable lastThrowable(Object[] params) {
        return params != null && params.length > 0 && params[params.length - 1] instanceof Throwable t ? t : null;
    }

    private static boolean isAuthenticationFailure(Throwable t) {
        return t instanceof org.apache.kafka.common.errors.AuthenticationException;
    }

    private static boolean isClient(Logger logger) {
        String name = logger.getName();
        for (String prefix : CLIENT_LOGGERS) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
