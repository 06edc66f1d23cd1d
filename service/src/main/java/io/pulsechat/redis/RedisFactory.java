package io.pulsechat.redis;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import io.pulsechat.tls.Pem;
import io.pulsechat.tls.TlsContexts;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.LinkedHashSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLParameters;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.ClusterConnectionProvider;

/** The one place that knows how PulseChat's Redis connections are built. */
public class RedisFactory {
    /**
     * `redis://[user:password@]host:port[/db]`, or `rediss://...` for TLS (Redis Cloud, ElastiCache, Upstash);
     * for a cluster, one or more seed nodes: `redis://host:port,host:port`.
     */
    @NotEmpty @JsonProperty private String url = "redis://127.0.0.1:16379";
    /** The URL names a Redis Cluster (or ElastiCache with cluster mode enabled): commands and subscriptions follow its slots. */
    @JsonProperty private boolean cluster = false;
    @NotEmpty @JsonProperty private String channel = "pulsechat:events";
    /** The deadline of a command (a publish, a presence update) and of a connection attempt. */
    @NotNull @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS) @MaxDuration(value = 30, unit = TimeUnit.SECONDS)
    @JsonProperty private Duration timeout = Duration.seconds(2);
    /**
     * A topic nobody here needs any more stays subscribed this long before it is dropped: a user who
     * reconnects, a room joined again, a send's ack that takes its time cost no subscription churn.
     */
    @NotNull @MinDuration(value = 1, unit = TimeUnit.SECONDS) @MaxDuration(value = 1, unit = TimeUnit.HOURS)
    @JsonProperty private Duration unsubscribeAfter = Duration.seconds(60);
    /** How often the subscribed connection is PINGed to prove it is alive. */
    @NotNull @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS) @MaxDuration(value = 30, unit = TimeUnit.SECONDS)
    @JsonProperty private Duration subscriptionPing = Duration.milliseconds(500);
    /**
     * The read deadline of the subscribed connection: silent this long (no event, no PONG), it is torn
     * down and made again, and /health is 503 meanwhile. Must exceed subscriptionPing.
     */
    @NotNull @MinDuration(value = 200, unit = TimeUnit.MILLISECONDS) @MaxDuration(value = 60, unit = TimeUnit.SECONDS)
    @JsonProperty private Duration subscriptionTimeout = Duration.milliseconds(1500);
    /** ACL user and password when the URL carries none (REDIS_USERNAME, REDIS_PASSWORD). */
    @NotNull @JsonProperty private String username = "";
    @NotNull @JsonProperty private String password = "";
    /** For `rediss://`: the CA to trust (PEM text or file path); empty: the JVM's trust store. */
    @NotNull @JsonProperty private String caPem = "";
    /** For `rediss://` with client authentication: a certificate and its unencrypted PKCS#8 key. */
    @NotNull @JsonProperty private String clientCertPem = "";
    @NotNull @JsonProperty private String clientKeyPem = "";

    /** Built by {@link #buildClient} on a cluster: its slot map, shared by the commands and the subscriber. */
    @JsonIgnore private ClusterConnectionProvider clusterNodes;

    public String getChannel() { return channel; }

    /** The channels of the topics, and the nodes' own channel. */
    public Channels channels() { return new Channels(channel); }

    public Duration getUnsubscribeAfter() { return unsubscribeAfter; }

    public Duration getTimeout() { return timeout; }

    @ValidationMethod(message = "redis.subscriptionTimeout must be longer than redis.subscriptionPing")
    @JsonIgnore
    public boolean isSubscriptionTimeoutLongerThanPing() {
        return subscriptionTimeout.toMilliseconds() > subscriptionPing.toMilliseconds();
    }

    @ValidationMethod(message = "redis.url names several hosts only with redis.cluster: true")
    @JsonIgnore
    public boolean isOneHostUnlessCluster() {
        return cluster || !url.contains(",");
    }

    /**
     * A pooled client for commands and publishing; every command, and the wait for a pooled connection, has a
     * deadline. On a cluster, Jedis' cluster client: each command goes to the master of its key's slot, and
     * a command that meets a failover (MOVED, a dead master) is retried on the new master within the deadline.
     */
    public UnifiedJedis buildClient(Environment environment) {
        RedisAddress address = RedisAddress.parse(RedisAddress.firstSeed(url));
        var pool = new ConnectionPoolConfig();
        var deadline = java.time.Duration.ofMillis(timeout.toMilliseconds());
        pool.setMaxWait(deadline);
        JedisClientConfig config = clientConfig(address, (int) timeout.toMilliseconds(), 0);
        UnifiedJedis client;
        if (cluster) {
            var seeds = new LinkedHashSet<>(RedisAddress.seeds(url));
            clusterNodes = new ClusterConnectionProvider(seeds, config, pool);
            client = RedisClusterClient.builder().nodes(seeds).clientConfig(config).connectionProvider(clusterNodes)
                    .maxTotalRetriesDuration(deadline).build();
        } else {
            client = RedisClient.builder().hostAndPort(new HostAndPort(address.host(), address.port()))
                    .clientConfig(config).poolConfig(pool).build();
        }
        environment.lifecycle().manage(new Managed() {
            @Override public void start() {}
            @Override public void stop() { client.close(); }
        });
        return client;
    }

    /**
     * A subscriber on its own thread and connection, reconnecting by itself, and the `redis` health
     * check, which covers both: the pooled client answers PING, and the subscription is alive.
     */
    public RedisSubscriber buildSubscriber(Environment environment, UnifiedJedis client, RedisSubscriber.Listener listener) {
        RedisAddress address = RedisAddress.parse(RedisAddress.firstSeed(url));
        int deadline = (int) subscriptionTimeout.toMilliseconds();
        ShardLayout layout;
        Supplier<String> ping;
        if (cluster) {
            if (clusterNodes == null) {
                throw new IllegalStateException("buildClient first: the subscriber follows the cluster client's slot map");
            }
            var shards = new ClusterLayout(clusterNodes);
            layout = shards;
            ping = shards::pingMasters;
        } else {
            layout = new OneServer(new HostAndPort(address.host(), address.port()), channel);
            ping = client::ping;
        }
        var subscriber = new RedisSubscriber(layout,
                // A subscription's reads wait for the next event or PONG, at most this long (Jedis's "blocking" timeout).
                clientConfig(address, deadline, deadline), channel, listener, subscriptionPing.toMilliseconds(), deadline,
                environment.metrics(), System::currentTimeMillis);
        environment.lifecycle().manage(subscriber);
        environment.healthChecks().register("redis", new RedisHealthCheck(ping, subscriber::problem));
        return subscriber;
    }

    JedisClientConfig clientConfig(RedisAddress address, int socketTimeoutMillis, int blockingSocketTimeoutMillis) {
        var builder = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) timeout.toMilliseconds())
                .socketTimeoutMillis(socketTimeoutMillis)
                .blockingSocketTimeoutMillis(blockingSocketTimeoutMillis)
                .database(address.database());
        String user = address.user() != null ? address.user() : username;
        String secret = address.password() != null ? address.password() : password;
        if (!secret.isEmpty()) {
            builder.password(secret);
            if (!user.isEmpty()) {
                builder.user(user);
            }
        }
        if (address.tls()) {
            var tls = TlsContexts.build(Pem.text(caPem, "redis.caPem"), Pem.text(clientCertPem, "redis.clientCertPem"),
                    Pem.text(clientKeyPem, "redis.clientKeyPem"), "redis");
            // The JDK checks the server's name against its certificate, as a browser does.
            var parameters = new SSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            builder.ssl(true).sslSocketFactory(tls.getSocketFactory()).sslParameters(parameters);
        }
        return builder.build();
    }
}
