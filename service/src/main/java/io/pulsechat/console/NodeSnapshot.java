package io.pulsechat.console;

import java.util.Map;

/** What a node publishes about itself for the cluster view: its latest sample and health. */
public record NodeSnapshot(String nodeId, long startedAt, Sample sample, Map<String, Check> health) {
}
