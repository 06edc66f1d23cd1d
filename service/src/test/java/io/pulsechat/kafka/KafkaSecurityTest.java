package io.pulsechat.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.jackson.Jackson;
import io.pulsechat.tls.Pem;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaSecurityTest {
    private static final String CA = "src/test/resources/tls/ca.pem";

    private static KafkaFactory kafka(Map<String, Object> settings) {
        return Jackson.newObjectMapper().convertValue(settings, KafkaFactory.class);
    }

    @Test
    void plainTextByDefault() {
        Properties props = kafka(Map.of()).clientProperties(new Properties());

        assertThat(props).containsEntry("security.protocol", "PLAINTEXT").containsEntry("bootstrap.servers", "127.0.0.1:19092")
                .doesNotContainKeys("sasl.jaas.config", "ssl.truststore.certificates");
    }

    @Test
    void saslSslWithScramAndACa() {
        Properties props = kafka(Map.of("bootstrapServers", "kafka.example.com:24950", "security", Map.of(
                "protocol", "SASL_SSL", "mechanism", "SCRAM-SHA-256", "username", "avnadmin",
                "password", "p\"a\\ss", "caPem", CA))).clientProperties(new Properties());

        assertThat(props).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-256")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"avnadmin\" password=\"p\\\"a\\\\ss\";")
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.truststore.certificates", Pem.text(CA, "ca"));
    }

    @Test
    void theUsersPropertiesComeLastAndTheClientsOwnBeforeThem() {
        var own = new Properties();
        own.put("client.id", "node-1");
        own.put("linger.ms", 1);
        Properties props = kafka(Map.of("properties", Map.of("client.dns.lookup", "use_all_dns_ips", "linger.ms", "5")))
                .clientProperties(own);

        assertThat(props).containsEntry("client.id", "node-1").containsEntry("linger.ms", "5")
                .containsEntry("client.dns.lookup", "use_all_dns_ips");
    }

    @Test
    void theProducersConfigurationHidesThePasswordAndTheKey() {
        Properties props = kafka(Map.of("security", Map.of("protocol", "SASL_SSL", "mechanism", "PLAIN",
                "username", "key", "password", "secret-4711", "caPem", CA))).clientProperties(new Properties());

        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", ByteArraySerializer.class.getName());

        // What kafka-clients logs as "ProducerConfig values:" when it starts.
        String logged = new ProducerConfig(props).values().toString();

        assertThat(logged).doesNotContain("secret-4711").contains("sasl.jaas.config=[hidden]");
    }

    @Test
    void validation() {
        var sasl = Jackson.newObjectMapper().convertValue(Map.of("protocol", "SASL_SSL", "username", "u"), KafkaSecurity.class);
        var mtls = Jackson.newObjectMapper().convertValue(Map.of("protocol", "SSL", "clientCertPem", CA), KafkaSecurity.class);

        assertThat(sasl.isSaslComplete()).isFalse();
        assertThat(mtls.isClientCertificateComplete()).isFalse();
        assertThat(new KafkaSecurity().isSaslComplete()).isTrue();
    }
}
