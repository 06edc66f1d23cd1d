package io.pulsechat.health;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

/**
 * The client libraries of our dependencies (Kafka, Jedis, the connection pool) log a warning or an
 * error on every reconnection attempt: with a wrong password or an untrusted certificate that is a
 * line (often a stack trace) every second, forever, from several loggers (each Kafka client has its
 * own). The node's own {@link OutageLog} of each dependency says what is wrong instead:
 * <ul>
 *   <li>a Kafka client's authentication failure (wrong password, untrusted certificate) is reported
 *       to Kafka's outage log, which logs it once, and the client's own line is dropped;</li>
 *   <li>while a dependency's outage is logged, its client's warnings are dropped: they only repeat it;</li>
 *   <li>any other client warning passes once, then at most once per {@link #WINDOW_MS} for the same
 *       logger and message pattern.</li>
 * </ul>
 * Our own loops that retry are throttled the same way when what they log is a Kafka authentication
 * failure, which no retry can cure.
 */
public final class ClientLogThrottle extends TurboFilter {
    static final long WINDOW_MS = 60_000;
    private static final String NAME = "client-log-throttle";
    /** Each client library's loggers, and the dependency whose outage log speaks for them. */
    private static final Map<String, String> CLIENT_LOGGERS = Map.of(
            "org.apache.kafka", "kafka", "redis.clients", "redis", "org.apache.commons.pool2", "redis",
            "org.apache.tomcat.jdbc", "postgres", "org.postgresql", "postgres",
            // The membership cache's failed background reads during a PostgreSQL outage.
            "com.github.benmanes.caffeine", "postgres");

    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private final java.util.function.Function<String, OutageLog> outages;
    private final OutageLog.Source kafkaClients;

    ClientLogThrottle(LongSupplier clock, java.util.function.Function<String, OutageLog> outages) {
        this.clock = clock;
        this.outages = outages;
        this.kafkaClients = outages.apply("kafka").source("Kafka client");
    }

    /** Adds the throttle to the logging of this JVM (after Dropwizard has configured it), once. */
    public static void install() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                && context.getTurboFilterList().stream().noneMatch(f -> NAME.equals(f.getName()))) {
            var throttle = new ClientLogThrottle(System::currentTimeMillis, OutageLog::of);
            throttle.setName(NAME);
            throttle.start();
            context.addTurboFilter(throttle);
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format == null || !level.isGreaterOrEqual(Level.WARN) || !logger.isEnabledFor(level)) {
            return FilterReply.NEUTRAL;
        }
        String dependency = dependencyOf(logger);
        Throwable cause = t != null ? t : lastThrowable(params);
        if ("kafka".equals(dependency) && (format.contains("failed authentication") || isAuthenticationFailure(cause))) {
            kafkaClients.failed(MessageFormatter.arrayFormat(format, params).getMessage());
            return FilterReply.DENY;
        }
        if (dependency != null && outages.apply(dependency).isDown()) {
            return FilterReply.DENY;
        }
        if (dependency == null && !isAuthenticationFailure(cause)) {
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

    /** The dependency whose client logs through {@code logger}, or null for any other logger. */
    private static String dependencyOf(Logger logger) {
        String name = logger.getName();
        for (Map.Entry<String, String> client : CLIENT_LOGGERS.entrySet()) {
            if (name.startsWith(client.getKey())) {
                return client.getValue();
            }
        }
        return null;
    }
}
