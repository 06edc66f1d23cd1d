package io.pulsechat.testing;

/**
 * Stops what a set-up started, whatever of it did start: a failed set-up leaves some fields null, and
 * one failing stop must not leave the rest running into the next test class.
 */
public final class Teardown {
    private Teardown() {}

    /** Closes each one that is not null, in the order given, then throws the first failure (the others suppressed). */
    public static void closeAll(AutoCloseable... started) {
        RuntimeException first = null;
        for (AutoCloseable each : started) {
            if (each == null) {
                continue;
            }
            try {
                each.close();
            } catch (Exception e) {
                if (first == null) {
                    first = new IllegalStateException("tearing down " + each + " failed", e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
