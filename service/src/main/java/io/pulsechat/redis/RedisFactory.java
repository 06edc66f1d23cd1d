package io.pulsechat.redis;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.util.Duration;
import io.pulsechat.tls.Pem;
import io.pulsechat.tls.TlsContexts;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import javax.net.ssl.SSLParameters;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;

/** The one place that knows how PulseChat's Redis connections are built. */
public class RedisFactory {
    /** `redis://[user:password@]host:port[/db]`, or `rediss://...` for TLS (Redis Cloud, ElastiCache, Upstash). */
    @NotEmpty @JsonProperty private String url = "redis://127.0.0.1:16379";
    @NotEmpty @JsonProperty private String channel = "pulsechat:events";
    @NotNull @JsonProperty private Duration timeout = Duration.seconds(2);
    /** ACL user and password when the URL carries none (REDIS_USERNAME, REDIS_PASSWORD). */
    @NotNull @JsonProperty private String username = "";
    @NotNull @JsonProperty private String password = "";
    /** For `rediss://`: the CA to trust (PEM text or file path); empty: the JVM's trust store. */
    @NotNull @JsonProperty private String caPem = "";
    /** For `rediss://` with client authentication: a certificate and its unencrypted PKCS#8 key. */
    @NotNull @JsonProperty private String clientCertPem = "";
    @NotNull @JsonProperty private String clientKeyPem = "";

    public String getChannel() { return channel; }

    /** A pooled client for commands and publishing; backs the `redis` health check. */
    public RedisClient buildClient(Environment environment) {
        RedisAddress address = RedisAddress.parse(url);
        RedisClient client = RedisClient.builder()
                .hostAndPort(new HostAndPort(address.host(), address.port()))
                .clientConfig(clientConfig(address, (int) timeout.toMilliseconds()))
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
        RedisAddress address = RedisAddress.parse(url);
        var subscriber = new RedisSubscriber(new HostAndPort(address.host(), address.port()),
                // Reads on a subscription wait indefinitely for the next event; a dead server closes the socket.
                clientConfig(address, 0), channel, listener, environment.metrics());
        environment.lifecycle().manage(subscriber);
        return subscriber;
    }

    JedisClientConfig clientConfig(RedisAddress address, int socketTimeoutMillis) {
        var builder = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(2000)
                .socketTimeoutMillis(socketTimeoutMillis)
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
