package io.pulsechat.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BearerTokensTest {
    @Test
    void aBearerHeaderGivesItsTokenWhateverTheSchemesCase() {
        assertThat(BearerTokens.fromHeader("Bearer abc")).contains("abc");
        assertThat(BearerTokens.fromHeader("bearer  abc ")).contains("abc");
    }

    @Test
    void noHeaderOrAnotherSchemeGivesNoToken() {
        assertThat(BearerTokens.fromHeader(null)).isEmpty();
        assertThat(BearerTokens.fromHeader("Basic dXNlcjpwYXNz")).isEmpty();
    }

    @Test
    void aTokenGivenWithoutTheSchemeIsTakenAsItIs() {
        assertThat(BearerTokens.withoutScheme("Bearer abc")).isEqualTo("abc");
        assertThat(BearerTokens.withoutScheme("abc")).isEqualTo("abc");
    }
}
