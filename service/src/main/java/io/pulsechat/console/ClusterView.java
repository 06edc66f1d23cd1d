package io.pulsechat.console;

import java.util.List;

/** Every node this cluster has had lately, live or gone, their totals, and why Redis could not be read (or null). */
public record ClusterView(List<NodeEntry> nodes, ClusterTotals totals, String error) {
}
