package io.pulsechat.redis;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;

/** The one place that knows how PulseChat's Redis connections are built. */
public class RedisFactory {
    @NotEmpty @JsonProperty private String url = "redis://127.0.0.1:16379";
    @NotEmpty @JsonProperty private String channel = "pulsechat:events";
    @NotNull @JsonProperty private Duration timeout = Duration.seconds(2);

    public String getChannel() { return channel; }

    /** A pooled client for commands and publishing; backs the `redis` health check. */
    public RedisClient buildClient(Environment environment) {
        URI uri = URI.create(url);
        RedisClient client = RedisClient.builder()
                .hostAndPort(new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()))
                .clientConfig(clientConfig(uri, (int) timeout.toMilliseconds()))
                .build();
        environment.lifecycle().manage(new Managed() {
            @Override public void start() {}
            @Override public void stop() { client.close(); }
        });
        environment.healthChecks().register("redis", new RedisHealthCheck(client));
        return client;
    }

    /** A subscriber on its own thread and connection, reconnecting by itself. */
    public RedisSubscriber buildSubscriber(Environment environment, RedisSubscriber.Listener listener) {
        URI uri = URI.create(url);
        var subscriber = new RedisSubscriber(new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()),
                // Reads on a subscription wait indefinitely for the next event; a dead server closes the socket.
                clientConfig(uri, 0), channel, listener, environment.metrics());
        environment.lifecycle().manage(subscriber);
        return subscriber;
    }

    private static JedisClientConfig clientConfig(URI uri, int socketTimeoutMillis) {
        var builder = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(2000)
                .socketTimeoutMillis(socketTimeoutMillis);
        String userInfo = uri.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                builder.password(userInfo);
            } else {
                if (colon > 0) {
                    builder.user(userInfo.substring(0, colon));
                }
                builder.password(userInfo.substring(colon + 1));
            }
        }
        String path = uri.getPath();
        if (path != null && path.length() > 1) {
            builder.database(Integer.parseInt(path.substring(1)));
        }
        return builder.build();
    }
}
