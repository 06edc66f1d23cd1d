package io.pulsechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.pulsechat.tls.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.commons.text.StringSubstitutor;
import io.pulsechat.testing.Services;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** chat.yml read with a managed service's environment, as `java -jar chat.jar server chat.yml` reads it. */
class ChatYmlTest {
    private static ChatConfiguration read(Map<String, String> env) throws Exception {
        var factory = new YamlConfigurationFactory<>(ChatConfiguration.class, Validators.newValidator(),
                Jackson.newObjectMapper(), "dw");
        var substitutor = new StringSubstitutor(env);
        substitutor.setEnableUndefinedVariableException(false);
        return factory.build(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(), substitutor),
                Services.ROOT.resolve("chat.yml").toString());
    }

    @Test
    void aProviderDatabaseUrlAPasswordWithYamlCharactersAndAPemTextAreReadIntact() throws Exception {
        String pem = Files.readString(Path.of("src/test/resources/tls/ca.pem"));
        ChatConfiguration config = read(Map.of(
                "JWT_SECRET", "0123456789abcdef0123456789abcdef",
                "DATABASE_URL", "postgres://u1:p%40ss@db.example.com:5432/d1?sslmode=require",
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_USERNAME", "chat",
                "KAFKA_PASSWORD", "a #b: c\"d",
                "KAFKA_CA_PEM", pem));

        assertThat(config.getDatabase().getUrl()).isEqualTo("jdbc:postgresql://db.example.com:5432/d1?sslmode=require");
        assertThat(config.getDatabase().getUser()).isEqualTo("u1");
        assertThat(config.getDatabase().getPassword()).isEqualTo("p@ss");
        Properties kafka = config.getKafka().clientProperties(new Properties());
        assertThat(kafka.getProperty("sasl.jaas.config")).contains("password=\"a #b: c\\\"d\"");
        assertThat(kafka.getProperty("ssl.truststore.certificates")).isEqualTo(Pem.text(pem, "ca"));
    }

    @Test
    void aSessionTimeoutBelowTheBrokersMinimumOrAHeartbeatTooSlowForItIsRefused() {
        String secret = "0123456789abcdef0123456789abcdef";

        assertThatThrownBy(() -> read(Map.of("JWT_SECRET", secret, "KAFKA_SESSION_TIMEOUT", "3s")))
                .isInstanceOf(ConfigurationValidationException.class).hasMessageContaining("kafka.sessionTimeout");
        assertThatThrownBy(() -> read(Map.of("JWT_SECRET", secret, "KAFKA_HEARTBEAT_INTERVAL", "3s")))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("kafka.heartbeatInterval must be at most a third of kafka.sessionTimeout");
    }

    /** Each bad value stops the node with a line that names the setting (`-Ddw.<path>` overrides chat.yml). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "websocket.pingInterval      | 0s           | websocket.pingInterval must be greater than or equal to 1 SECONDS",
        "websocket.pingInterval      | 90s          | websocket.pingInterval must be shorter than websocket.idleTimeout",
        "websocket.maxFrameSize      | 100B         | websocket.maxFrameSize must be greater than or equal to 1 KIBIBYTES",
        "websocket.queryThreads      | 0            | websocket.queryThreads must be greater than or equal to 1",
        "kafka.compression           | brotli       | kafka.compression must be one of [none, gzip, snappy, lz4, zstd]",
        "kafka.linger                | 5s           | kafka.linger must be less than or equal to 1 SECONDS",
        "kafka.commitInterval        | 2h           | kafka.commitInterval must be less than or equal to 1 MINUTES",
        "compat.trustedLoginNetworks | 10.0.0.300/8 | compat.trustedLoginNetworks must be CIDRs",
        "memberships.loaderThreads   | 100          | memberships.loaderThreads must be less than or equal to 32",
        "messages.persistWait        | 0s           | messages.persistWait must be greater than or equal to 100 MILLISECONDS",
        "jwt.ttl                     | 1s           | jwt.ttl must be greater than or equal to 1 MINUTES",
    })
    void aBadValueStopsTheNodeNamingItsSetting(String path, String value, String message) {
        String property = "dw." + path;
        System.setProperty(property, value);
        try {
            assertThatThrownBy(() -> read(Map.of("JWT_SECRET", "0123456789abcdef0123456789abcdef")))
                    .isInstanceOf(ConfigurationValidationException.class).hasMessageContaining("* " + message);
        } finally {
            System.clearProperty(property);
        }
    }

    @Test
    void theLocalDefaultsNeedNoSecurity() throws Exception {
        ChatConfiguration config = read(Map.of("JWT_SECRET", "0123456789abcdef0123456789abcdef"));

        assertThat(config.getDatabase().getUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:15432/chat");
        assertThat(config.getDatabase().getUser()).isEqualTo("chat");
        assertThat(config.getKafka().clientProperties(new Properties())).containsEntry("security.protocol", "PLAINTEXT");
    }
}
