package io.pulsechat.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;

/**
 * When a freshly started node's p99 has settled, from its p99 per window of a steady stream: the
 * steady level is the median of the last three windows' p99, and the p99 has settled from the first
 * window after which no window, that one included, is above max(1.25 x steady, steady + 5 ms). Only
 * the upper side counts: a window below the steady level is not a warm-up.
 */
final class SettleRule {
    static final double FACTOR = 1.25;
    static final double SLACK_MS = 5;
    static final int STEADY_WINDOWS = 3;

    private SettleRule() {}

    /** The median of the last three windows' p99, in ms; empty with fewer than three windows. */
    static java.util.OptionalDouble steady(List<Double> p99s) {
        if (p99s.size() < STEADY_WINDOWS) {
            return java.util.OptionalDouble.empty();
        }
        List<Double> last = new ArrayList<>(p99s.subList(p99s.size() - STEADY_WINDOWS, p99s.size()));
        Collections.sort(last);
        return java.util.OptionalDouble.of(last.get(STEADY_WINDOWS / 2));
    }

    /** The highest p99 that counts as settled, for a steady level. */
    static double ceiling(double steady) {
        return Math.max(FACTOR * steady, steady + SLACK_MS);
    }

    /**
     * The index of the first window from which every window's p99 stays at or below the ceiling;
     * empty with fewer than three windows, or when the last window itself is above it (not settled
     * within the stream).
     */
    static OptionalInt settledFrom(List<Double> p99s) {
        var steady = steady(p99s);
        if (steady.isEmpty()) {
            return OptionalInt.empty();
        }
        double ceiling = ceiling(steady.getAsDouble());
        int from = p99s.size();
        while (from > 0 && p99s.get(from - 1) <= ceiling) {
            from--;
        }
        return from == p99s.size() ? OptionalInt.empty() : OptionalInt.of(from);
    }
}
