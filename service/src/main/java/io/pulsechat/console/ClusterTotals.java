package io.pulsechat.console;

import java.util.List;

/**
 * The live nodes added up at one instant: the cluster row of the console and its charts. The latency is
 * the worst live node's, null when no live node measured any lately.
 */
public record ClusterTotals(
        long time, int liveNodes, int unknownNodes, int goneNodes,
        double receivedPerSec, double persistedPerSec, double deliveredPerSec,
        long received, long persisted, long delivered,
        Double latencyP99Ms, int webSocketSessions, int socketIoSessions, long kafkaLag, int partitions) {

    static ClusterTotals of(long time, List<NodeEntry> nodes) {
        int live = 0;
        int unknown = 0;
        int gone = 0;
        double receivedPerSec = 0;
        double persistedPerSec = 0;
        double deliveredPerSec = 0;
        long received = 0;
        long persisted = 0;
        long delivered = 0;
        Double latencyP99 = null;
        int webSockets = 0;
        int socketIo = 0;
        long lag = 0;
        int partitions = 0;
        for (NodeEntry node : nodes) {
            if (node.status().equals("gone")) {
                gone++;
            } else if (node.status().equals("unknown")) {
                unknown++;
            }
            if (!node.status().equals("live")) {
                continue;
            }
            live++;
            if (node.snapshot() == null) {
                continue;
            }
            Sample s = node.snapshot().sample();
            receivedPerSec += s.receivedPerSec();
            persistedPerSec += s.persistedPerSec();
            deliveredPerSec += s.deliveredPerSec();
            received += s.received();
            persisted += s.persisted();
            delivered += s.delivered();
            if (s.latencyP99Ms() != null) {
                latencyP99 = latencyP99 == null ? s.latencyP99Ms() : Math.max(latencyP99, s.latencyP99Ms());
            }
            webSockets += s.webSocketSessions();
            socketIo += s.socketIoSessions() == null ? 0 : s.socketIoSessions();
            lag += s.kafkaLag();
            partitions += s.partitions();
        }
        return new ClusterTotals(time, live, unknown, gone, receivedPerSec, persistedPerSec, deliveredPerSec, received, persisted,
                delivered, latencyP99, webSockets, socketIo, lag, partitions);
    }
}
