package io.pulsechat.kafka;

import io.pulsechat.health.DependencyErrors;

/** Why Kafka refused or failed the node, in one line; a silent broker gets a hint at the usual cause. */
final class KafkaErrors {
    private KafkaErrors() {}

    static String describe(Throwable failure) {
        String text = DependencyErrors.describe(failure);
        // A plain-text client against a TLS listener (or the reverse) sees no answer at all, only time passing.
        return isTimeout(failure)
                ? text + " (is the broker reachable, and does kafka.security.protocol match its listener?)"
                : text;
    }

    /** The broker answered nothing in time (anywhere in the failure's causes): silent, not refusing. */
    static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.TimeoutException || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
