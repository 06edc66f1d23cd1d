package io.pulsechat.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class DependencyErrorsTest {
    @Test
    void credentialsInUrlsAndPasswordParametersAreMasked() {
        assertThat(DependencyErrors.mask("cannot reach rediss://default:s3cret@redis.example.com:6380"))
                .isEqualTo("cannot reach rediss://***@redis.example.com:6380");
        assertThat(DependencyErrors.mask("jdbc:postgresql://db/chat?user=chat&password=s3cret&sslmode=require"))
                .isEqualTo("jdbc:postgresql://db/chat?user=chat&password=***&sslmode=require");
        assertThat(DependencyErrors.mask("ScramLoginModule required username=\"chat\" password=\"s3 cret\";"))
                .doesNotContain("s3 cret");
    }

    @Test
    void aTlsFailureSaysSoWithItsRootCause() {
        var failure = new ExecutionException(new IllegalStateException("connection failed",
                new SSLHandshakeException("PKIX path building failed")));

        assertThat(DependencyErrors.describe(failure))
                .startsWith("TLS handshake failed")
                .contains("IllegalStateException: connection failed")
                .contains("PKIX path building failed");
    }
}
