package io.pulsechat.kafka;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import io.pulsechat.tls.Pem;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * How the node authenticates to Kafka and trusts it: `kafka.security` in chat.yml. Managed Kafka
 * (Aiven, Confluent Cloud, MSK) wants SASL_SSL with a username and password, sometimes a CA of its own
 * (Aiven's ca.pem), or SSL with a client certificate (Aiven's access key and certificate).
 */
public class KafkaSecurity {
    @NotNull @Pattern(regexp = "PLAINTEXT|SSL|SASL_SSL|SASL_PLAINTEXT",
            message = "must be PLAINTEXT, SSL, SASL_SSL or SASL_PLAINTEXT")
    @JsonProperty private String protocol = "PLAINTEXT";
    @NotNull @Pattern(regexp = "PLAIN|SCRAM-SHA-256|SCRAM-SHA-512", message = "must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512")
    @JsonProperty private String mechanism = "PLAIN";
    @NotNull @JsonProperty private String username = "";
    @NotNull @JsonProperty private String password = "";
    /** The CA that signed the brokers' certificates: PEM text or a file path. Empty: the JVM's trust store. */
    @NotNull @JsonProperty private String caPem = "";
    /** A client certificate (chain) and its unencrypted PKCS#8 key, for mutual TLS: PEM text or file paths. */
    @NotNull @JsonProperty private String clientCertPem = "";
    @NotNull @JsonProperty private String clientKeyPem = "";

    @ValidationMethod(message = "kafka.security.username (KAFKA_USERNAME) and kafka.security.password (KAFKA_PASSWORD) are required for a SASL protocol")
    public boolean isSaslComplete() {
        return !protocol.startsWith("SASL_") || (!username.isEmpty() && !password.isEmpty());
    }

    @ValidationMethod(message = "kafka.security.clientCertPem and kafka.security.clientKeyPem go together")
    public boolean isClientCertificateComplete() {
        return clientCertPem.isBlank() == clientKeyPem.isBlank();
    }

    String getProtocol() { return protocol; }

    boolean usesTls() { return protocol.endsWith("SSL"); }

    /** The client properties for this security setting, the same for the producer, consumers and admin client. */
    Map<String, Object> clientProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
        if (protocol.startsWith("SASL_")) {
            props.put(SaslConfigs.SASL_MECHANISM, mechanism);
            props.put(SaslConfigs.SASL_JAAS_CONFIG, jaasConfig());
        }
        if (usesTls()) {
            String ca = Pem.text(caPem, "kafka.security.caPem");
            if (!ca.isEmpty()) {
                props.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM");
                props.put(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, ca);
            }
            String certificate = Pem.text(clientCertPem, "kafka.security.clientCertPem");
            if (!certificate.isEmpty()) {
                props.put(SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM");
                props.put(SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, certificate);
                props.put(SslConfigs.SSL_KEYSTORE_KEY_CONFIG, Pem.text(clientKeyPem, "kafka.security.clientKeyPem"));
            }
        }
        return props;
    }

    private String jaasConfig() {
        String module = mechanism.equals("PLAIN")
                ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        return module + " required username=" + quoted(username) + " password=" + quoted(password) + ";";
    }

    /** A JAAS option value: Kafka's parser reads quoted strings with backslash escapes. */
    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
