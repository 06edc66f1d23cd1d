package io.pulsechat;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.pulsechat.auth.JwtFactory;
import io.pulsechat.compat.CompatSettings;
import io.pulsechat.auth.PasswordFactory;
import io.pulsechat.core.AbuseSettings;
import io.pulsechat.core.MessageSettings;
import io.pulsechat.db.DatabaseUrl;
import io.pulsechat.db.MembershipSettings;
import io.pulsechat.kafka.KafkaFactory;
import io.pulsechat.redis.RedisFactory;
import io.pulsechat.server.ChatServerFactory;
import io.pulsechat.ws.WebSocketSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

public class ChatConfiguration extends Configuration {
    @NotEmpty
    @JsonProperty
    private String nodeId = "node-1";

    /** Allowed browser origins, comma-separated (FRONTEND_URL). */
    @NotNull
    @JsonProperty
    private String frontendUrl = "http://localhost:3000";

    /** How long /health waits for a dependency's check: one that has not answered by then counts as failed. */
    @NotNull @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS) @MaxDuration(value = 2900, unit = TimeUnit.MILLISECONDS)
    @JsonProperty private Duration healthDeadline = Duration.seconds(2);

    @Valid @NotNull @JsonProperty private DataSourceFactory database = new DataSourceFactory();
    @Valid @NotNull @JsonProperty private MembershipSettings memberships = new MembershipSettings();
    @Valid @NotNull @JsonProperty private KafkaFactory kafka = new KafkaFactory();
    @Valid @NotNull @JsonProperty private RedisFactory redis = new RedisFactory();
    @Valid @NotNull @JsonProperty private JwtFactory jwt = new JwtFactory();
    @Valid @NotNull @JsonProperty private PasswordFactory passwords = new PasswordFactory();
    @Valid @NotNull @JsonProperty private WebSocketSettings websocket = new WebSocketSettings();
    @Valid @NotNull @JsonProperty private MessageSettings messages = new MessageSettings();
    @Valid @NotNull @JsonProperty private AbuseSettings abuse = new AbuseSettings();
    @Valid @NotNull @JsonProperty private CompatSettings compat = new CompatSettings();

    /** A configuration without a `server:` block still gets the trusted-proxy handling and a loopback admin port. */
    public ChatConfiguration() {
        setServerFactory(new ChatServerFactory());
    }

    public String getNodeId() { return nodeId; }
    public List<String> getAllowedOrigins() {
        return Arrays.stream(frontendUrl.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
    public Duration getHealthDeadline() { return healthDeadline; }
    public DataSourceFactory getDatabase() { return database; }
    /** Accepts DATABASE_URL as providers show it (postgres://user:password@host/db) as well as JDBC. */
    @JsonProperty("database")
    public void setDatabase(DataSourceFactory database) { this.database = DatabaseUrl.applyTo(database); }
    public MembershipSettings getMemberships() { return memberships; }
    public KafkaFactory getKafka() { return kafka; }
    public RedisFactory getRedis() { return redis; }
    public JwtFactory getJwt() { return jwt; }
    public PasswordFactory getPasswords() { return passwords; }
    public WebSocketSettings getWebsocket() { return websocket; }
    public MessageSettings getMessages() { return messages; }
    public AbuseSettings getAbuse() { return abuse; }
    public CompatSettings getCompat() { return compat; }
}
