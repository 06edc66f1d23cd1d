package io.pulsechat.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextRulesTest {
    @Test
    void unicodeIsStorableButNulAndLoneSurrogatesAreNot() {
        assertThat(TextRules.isStorable("hello 👋 שלום مرحبا")).isTrue();
        assertThat(TextRules.isStorable("a\u0000b")).isFalse();
        assertThat(TextRules.isStorable("a\uD83Db")).isFalse();
        assertThat(TextRules.isStorable("\uDC4B")).isFalse();
        assertThat(TextRules.isStorable("end\uD83D")).isFalse();
    }

    @Test
    void controlCharactersAreFound() {
        assertThat(TextRules.hasControlCharacters("c-1")).isFalse();
        assertThat(TextRules.hasControlCharacters("c\n1")).isTrue();
    }
}
