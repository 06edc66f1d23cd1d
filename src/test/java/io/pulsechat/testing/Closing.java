package io.pulsechat.testing;

/** Tear-down of what a test started: closes every one that is not null, even when an earlier one fails. */
public final class Closing {
    private Closing() {}

    /** Closes in order; the first failure is thrown at the end, with any later ones suppressed in it. */
    public static void all(AutoCloseable... resources) throws Exception {
        Exception first = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
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
