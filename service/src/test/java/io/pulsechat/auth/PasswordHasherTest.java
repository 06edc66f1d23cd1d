package io.pulsechat.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(1024, 1, 1);

    @Test
    void hashesAreSaltedArgon2idAndVerify() {
        String first = hasher.hash("correct horse");
        String second = hasher.hash("correct horse");

        assertThat(first).startsWith("$argon2id$").doesNotContain("correct horse").isNotEqualTo(second);
        assertThat(hasher.matches("correct horse", first)).isTrue();
        assertThat(hasher.matches("correct horse", second)).isTrue();
        assertThat(hasher.matches("wrong horse", first)).isFalse();
    }

    @Test
    void anUnknownAccountNeverMatches() {
        assertThat(hasher.matches("anything", null)).isFalse();
    }
}
