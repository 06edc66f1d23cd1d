package io.pulsechat.redis;

import com.codahale.metrics.health.HealthCheck;
import redis.clients.jedis.UnifiedJedis;

class RedisHealthCheck extends HealthCheck {
    private final UnifiedJedis redis;

    RedisHealthCheck(UnifiedJedis redis) {
        this.redis = redis;
    }

    @Override
    protected Result check() {
        String reply = redis.ping();
        return "PONG".equals(reply) ? Result.healthy() : Result.unhealthy("unexpected reply: " + reply);
    }
}
