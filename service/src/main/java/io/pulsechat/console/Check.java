package io.pulsechat.console;

/** One health check's latest result, as the console shows it. */
public record Check(boolean healthy, String message) {
}
