package io.pulsechat.console;

/**
 * A node in the cluster view. `status` is `live` (its snapshot is fresh in Redis), `gone` (seen
 * before, but its snapshot expired or it stopped) or `unknown` (Redis cannot be read right now).
 * `snapshot` is the latest this console saw of it, null if it never saw one.
 */
public record NodeEntry(String nodeId, String status, long lastSeen, NodeSnapshot snapshot) {
}
