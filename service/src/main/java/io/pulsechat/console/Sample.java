package io.pulsechat.console;

/**
 * One node's figures at one instant (one per second). Rates are per second over the last interval;
 * `received`, `persisted` and `delivered` are the counts since the node started. A figure the node
 * does not have (Socket.IO switched off) is null, and so are the latency percentiles when nothing was
 * delivered within {@link Sampler#LATENCY_WINDOW_MS}: a timer's reservoir would otherwise keep showing
 * the last figures it had while nothing is measured.
 */
public record Sample(
        long time,
        double receivedPerSec, double persistedPerSec, double deliveredPerSec,
        long received, long persisted, long delivered,
        Double latencyP50Ms, Double latencyP99Ms,
        int webSocketSessions, Integer socketIoSessions,
        long kafkaLag, int partitions,
        double storeBatchMs, double storeBatchP99Ms, double batchSize, double batchesPerSec,
        long redisReconnects,
        double heapUsedMb, double heapMaxMb, double gcMsPerSec) {
}
