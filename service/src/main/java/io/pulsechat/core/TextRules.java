package io.pulsechat.core;

/** What text PostgreSQL can store and our identifiers may hold. */
public final class TextRules {
    private TextRules() {}

    /** PostgreSQL text holds neither NUL nor unpaired UTF-16 surrogates (they are not valid UTF-8). */
    public static boolean isStorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    public static boolean hasControlCharacters(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }
}
