package io.pulsechat.redis;

import com.codahale.metrics.health.HealthCheck;
import io.pulsechat.health.DependencyErrors;
import io.pulsechat.health.UnhealthyLog;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

class RedisHealthCheck extends HealthCheck {
    private final UnifiedJedis redis;
    private final UnhealthyLog failures = new UnhealthyLog("redis");

    RedisHealthCheck(UnifiedJedis redis) {
        this.redis = redis;
    }

    @Override
    protected Result check() {
        String reply;
        try {
            reply = redis.ping();
        } catch (JedisException e) {
            return Result.unhealthy(failures.report(describe(e)));
        }
        failures.clear();
        return "PONG".equals(reply) ? Result.healthy() : Result.unhealthy("unexpected reply: " + reply);
    }

    /** A plain-text client on a TLS port (or the reverse) sees its connection reset: say what that usually means. */
    static String describe(JedisException e) {
        String text = DependencyErrors.describe(e);
        return text.contains("Connection reset") || text.contains("Unexpected end of")
                ? text + " (does the URL's scheme match the server: rediss:// for TLS, redis:// for plain text?)"
                : text;
    }
}
