package io.pulsechat.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PemTest {
    private static final Path CA = Path.of("src/test/resources/tls/ca.pem");

    @Test
    void aFilePathAndItsTextGiveTheSamePem() throws IOException {
        String text = Files.readString(CA);

        assertThat(Pem.text(CA.toString(), "ca")).isEqualTo(Pem.text(text, "ca"));
        assertThat(Pem.certificates(Pem.text(CA.toString(), "ca"), "ca")).hasSize(1)
                .first().satisfies(c -> assertThat(c.getSubjectX500Principal().getName()).contains("pulsechat unit test"));
    }

    @Test
    void aPemWhoseLineBreaksWereFoldedOrEscapedIsRepaired() throws IOException {
        String text = Files.readString(CA);
        String folded = text.replace("\n", " ");
        String escaped = text.replace("\n", "\\n");

        assertThat(Pem.text(folded, "ca")).isEqualTo(Pem.text(text, "ca"));
        assertThat(Pem.text(escaped, "ca")).isEqualTo(Pem.text(text, "ca"));
        assertThat(Pem.certificates(Pem.text(folded, "ca"), "ca")).hasSize(1);
    }

    @Test
    void anUnsetSettingIsEmptyAndAMissingFileIsNamed() {
        assertThat(Pem.text("", "ca")).isEmpty();
        assertThatThrownBy(() -> Pem.text("/no/such/ca.pem", "redis.caPem")).hasMessageContaining("redis.caPem")
                .hasMessageContaining("/no/such/ca.pem");
    }

    @Test
    void aPkcs8KeyIsRead() throws Exception {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END PRIVATE KEY-----\n";

        assertThat(Pem.privateKey(Pem.text(pem, "key"), "key").getEncoded()).isEqualTo(der);
        assertThatThrownBy(() -> Pem.privateKey("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n", "key"))
                .hasMessageContaining("openssl pkcs8").hasMessageNotContaining("AAAA");
    }

    @Test
    void aTlsContextTrustsTheGivenCa() {
        assertThat(TlsContexts.build(Pem.text(CA.toString(), "ca"), "", "", "redis").getProtocol()).isEqualTo("TLS");
        assertThatThrownBy(() -> TlsContexts.build("", Pem.text(CA.toString(), "cert"), "", "redis"))
                .hasMessageContaining("needs its key");
    }
}
