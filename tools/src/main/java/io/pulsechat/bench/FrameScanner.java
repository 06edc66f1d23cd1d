package io.pulsechat.bench;

/**
 * Reads the few fields the generator needs straight from a frame's text, without building a JSON
 * tree: the generator shares the machine with the node it measures, so each frame must cost little.
 * Both servers write compact JSON, and the bodies the generator sends contain no quotes or keys.
 */
final class FrameScanner {
    private FrameScanner() {}

    /** Index just past `"key":` (and past the opening quote of a string value), or -1. */
    static int valueStart(String text, String key, int from) {
        int at = text.indexOf(key, from);
        if (at < 0) {
            return -1;
        }
        int p = at + key.length();
        return p < text.length() && text.charAt(p) == '"' ? p + 1 : p;
    }

    /** The string value that starts at {@code start} and runs to the next quote. */
    static String stringAt(String text, int start) {
        int end = text.indexOf('"', start);
        return end < 0 ? null : text.substring(start, end);
    }

    /** A non-negative integer starting at {@code start}; -1 when there is none. */
    static long longAt(String text, int start) {
        long value = 0;
        int p = start;
        while (p < text.length()) {
            char c = text.charAt(p);
            if (c < '0' || c > '9') {
                break;
            }
            value = value * 10 + (c - '0');
            p++;
        }
        return p == start ? -1 : value;
    }

    /** Our clientMessageIds are "m" followed by the message's index in the ledger; -1 for any other. */
    static long messageIndexAt(String text, int start) {
        return start < text.length() && text.charAt(start) == 'm' ? longAt(text, start + 1) : -1;
    }
}
