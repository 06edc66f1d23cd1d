package io.pulsechat.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one generator run does. {@code rates} are steps run one after another over the same users,
 * sockets and conversations; {@code cpuPids} name other processes whose CPU time is sampled over
 * each step's measured window. The first step warms up for {@code firstWarmupSeconds}: the
 * generator's own JIT and the node's caches of a fresh population settle during it, and a first step
 * measured after the short per-step warm-up measured them instead. With {@code windowMillis} > 0
 * each step also reports send->receive percentiles per window of that many milliseconds of scheduled
 * time, from the step's first send: a p99 over a whole step hides a stall that one window shows.
 * {@code sinceEpochSeconds} (epoch seconds, e.g. when the node under test was started; null if
 * unknown) dates those windows from that instant too. Each rate runs {@code repeats} times in a
 * row, and passes only when every repetition passes. {@code layout} places each conversation's members
 * over the nodes (user u connects to node u % nodes). {@code adminUrls} (each node's admin port, in the
 * order of {@code urls}; may be empty) are read for the heap bytes each node allocated over the
 * measured window.
 */
public record BenchSettings(List<URI> urls, int users, int directs, int groups, int groupSize,
                            List<Integer> rates, int durationSeconds, int warmupSeconds, int firstWarmupSeconds, int drainSeconds,
                            int bodyBytes, String password, int registerConcurrency, boolean stopOnFailure,
                            double maxP99Millis, Path json, Map<String, Long> cpuPids, long seed, int windowMillis,
                            Double sinceEpochSeconds, int repeats, Population.Layout layout, List<URI> adminUrls) {
    public BenchSettings {
        if (windowMillis < 0) {
            throw new IllegalArgumentException("--window-ms must be 0 (off) or positive");
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("--repeat must be at least 1");
        }
        if (urls.isEmpty() || users < 2 || groupSize < 2 || groupSize > users || rates.isEmpty()) {
            throw new IllegalArgumentException("need a URL, at least 2 users, 2 <= group size <= users, and a rate");
        }
        urls = List.copyOf(urls);
        rates = List.copyOf(rates);
        cpuPids = Map.copyOf(cpuPids);
        adminUrls = List.copyOf(adminUrls);
    }

    /** The seconds of warm-up before step {@code index} (0 = the first) is measured. */
    public int warmupSecondsOf(int index) {
        return index == 0 ? Math.max(warmupSeconds, firstWarmupSeconds) : warmupSeconds;
    }
}
