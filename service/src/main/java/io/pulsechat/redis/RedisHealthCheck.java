package io.pulsechat.redis;

import com.codahale.metrics.health.HealthCheck;
import io.pulsechat.health.DependencyErrors;
import io.pulsechat.health.OutageLog;
import java.util.function.Supplier;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Redis answers PING (the server, or on a cluster the master of every shard), and the subscription
 * (connections of its own) is alive.
 */
class RedisHealthCheck extends HealthCheck {
    private final Supplier<String> ping;
    private final Supplier<String> subscriptionProblem;
    private final OutageLog outage = OutageLog.of("redis");

    /** {@code ping}: "PONG" when Redis answers; it throws a JedisException when Redis does not. */
    RedisHealthCheck(Supplier<String> ping, Supplier<String> subscriptionProblem) {
        this.ping = ping;
        this.subscriptionProblem = subscriptionProblem;
    }

    /**
     * A subscription that is down answers at once, naming it (the subscriber logs its own outages);
     * otherwise the pooled client must answer PING within the Redis timeout.
     */
    @Override
    protected Result check() {
        String subscription = subscriptionProblem.get();
        if (subscription != null) {
            return Result.unhealthy(subscription);
        }
        String commands = commandsProblem();
        return commands == null ? Result.healthy() : Result.unhealthy(commands);
    }

    private String commandsProblem() {
        String reply;
        try {
            reply = ping.get();
        } catch (JedisException e) {
            String reason = describe(e);
            outage.failed(reason);
            return reason;
        }
        if (!"PONG".equals(reply)) {
            return "unexpected reply: " + reply;
        }
        outage.recovered();
        return null;
    }

    /** A plain-text client on a TLS port (or the reverse) sees its connection reset: say what that usually means. */
    static String describe(JedisException e) {
        String text = DependencyErrors.describe(e);
        return text.contains("Connection reset") || text.contains("Unexpected end of")
                ? text + " (does the URL's scheme match the server: rediss:// for TLS, redis:// for plain text?)"
                : text;
    }
}
