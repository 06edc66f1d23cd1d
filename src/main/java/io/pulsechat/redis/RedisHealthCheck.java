package io.pulsechat.redis;

import com.codahale.metrics.health.HealthCheck;
import io.pulsechat.health.DependencyErrors;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

class RedisHealthCheck extends HealthCheck {
    private final UnifiedJedis redis;

    RedisHealthCheck(UnifiedJedis redis) {
        this.redis = redis;
    }

    @Override
    protected Result check() {
        String reply;
        try {
            reply = redis.ping();
        } catch (JedisException e) {
            return Result.unhealthy(DependencyErrors.describe(e));
        }
        return "PONG".equals(reply) ? Result.healthy() : Result.unhealthy("unexpected reply: " + reply);
    }
}
