package io.pulsechat.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Every message of a run, by index (its clientMessageId is "m" + index): when it was scheduled, who
 * sent it, how often it was acked and received. Latencies are recorded from the scheduled send
 * time, so a generator or server that falls behind shows up as latency rather than as a lower rate.
 */
final class Ledger {
    private static final int MAX_EXAMPLES = 10;

    private final Population population;
    private final long[] scheduledNanos;
    private final int[] conversation;
    private final int[] sender;
    private final AtomicIntegerArray acks;
    private final AtomicIntegerArray receives;
    private final AtomicReferenceArray<String> messageIds;
    private final LongAdder ackCount = new LongAdder();
    private final LongAdder receiveCount = new LongAdder();
    private final Map<Violation, LongAdder> violations = new EnumMap<>(Violation.class);
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final List<String> examples = Collections.synchronizedList(new ArrayList<>());
    private final Recorder ackLatency = new Recorder(3);
    private final Recorder receiveLatency = new Recorder(3);
    /** Written by the scheduler after a message's slots; read first by the threads that see replies. */
    private volatile int sent;
    private volatile long measureFrom = Long.MAX_VALUE;
    private volatile long measureUntil = Long.MAX_VALUE;
    /** Send->receive latency by window of scheduled time (`bench --windows`); null when not asked for. */
    private volatile Recorder[] windowLatency;
    private volatile long windowOrigin;
    private volatile long windowNanos;

    Ledger(Population population, int capacity) {
        this.population = population;
        scheduledNanos = new long[capacity];
        conversation = new int[capacity];
        sender = new int[capacity];
        acks = new AtomicIntegerArray(capacity);
        receives = new AtomicIntegerArray(capacity);
        messageIds = new AtomicReferenceArray<>(capacity);
        for (Violation v : Violation.values()) {
            violations.put(v, new LongAdder());
        }
    }

    int capacity() { return scheduledNanos.length; }
    int sent() { return sent; }
    long acked() { return ackCount.sum(); }
    long received() { return receiveCount.sum(); }
    Population population() { return population; }

    /** Called by the one scheduler thread, before the frame goes out. */
    int record(long scheduled, int conversationIndex, int senderIndex) {
        int index = sent;
        scheduledNanos[index] = scheduled;
        conversation[index] = conversationIndex;
        sender[index] = senderIndex;
        sent = index + 1;
        return index;
    }

    /**
     * From now on, also records each delivery's latency by the window its message was scheduled in:
     * window k holds the messages scheduled in [origin + k * length, origin + (k + 1) * length).
     */
    void windows(long origin, long length, int count) {
        Recorder[] recorders = new Recorder[count];
        for (int i = 0; i < count; i++) {
            recorders[i] = new Recorder(3);
        }
        windowOrigin = origin;
        windowNanos = length;
        windowLatency = recorders;
    }

    /** The windows' latencies since {@link #windows}, in order; recording by window stops. */
    List<Histogram> takeWindows() {
        Recorder[] recorders = windowLatency;
        windowLatency = null;
        List<Histogram> histograms = new ArrayList<>();
        if (recorders != null) {
            for (Recorder recorder : recorders) {
                histograms.add(recorder.getIntervalHistogram());
            }
        }
        return histograms;
    }

    void measureBetween(long from, long until) {
        measureUntil = until;
        measureFrom = from;
    }

    /** Index of a message this run sent, or -1 (counted as a violation). */
    int known(long index) {
        if (index < 0 || index >= sent) {
            violate(Violation.UNKNOWN_MESSAGE, "clientMessageId m" + index);
            return -1;
        }
        return (int) index;
    }

    int conversationOf(int index) { return conversation[index]; }
    int senderOf(int index) { return sender[index]; }

    void acked(int index, long now) {
        ackCount.increment();
        if (acks.incrementAndGet(index) > 1) {
            violate(Violation.DUPLICATE_ACK, "m" + index);
        }
        latency(ackLatency, index, now);
    }

    void received(int index, long now) {
        receiveCount.increment();
        if (receives.incrementAndGet(index) > population.receiversOf(conversation[index])) {
            violate(Violation.DUPLICATE_RECEIVE, "m" + index);
        }
        latency(receiveLatency, index, now);
        Recorder[] windows = windowLatency;
        if (windows != null) {
            long offset = scheduledNanos[index] - windowOrigin;
            long window = offset < 0 ? -1 : offset / windowNanos;
            if (window < windows.length && window >= 0) {
                windows[(int) window].recordValue(Math.max(1, (now - scheduledNanos[index]) / 1000));
            }
        }
    }

    /** The id the first session saw for this message, or null if this session is the first. */
    String claimId(int index, String id) {
        return messageIds.compareAndExchange(index, null, id);
    }

    String idOf(int index) { return messageIds.get(index); }

    private void latency(Recorder recorder, int index, long now) {
        long scheduled = scheduledNanos[index];
        if (scheduled >= measureFrom && scheduled < measureUntil) {
            recorder.recordValue(Math.max(1, (now - scheduled) / 1000));
        }
    }

    void error(String code) {
        errors.computeIfAbsent(code, k -> new LongAdder()).increment();
    }

    void violate(Violation violation, String example) {
        violations.get(violation).increment();
        if (examples.size() < MAX_EXAMPLES) {
            examples.add(violation + ": " + example);
        }
    }

    /** Expected deliveries of the messages with index in [from, to). */
    long expectedReceives(int from, int to) {
        long expected = 0;
        for (int i = from; i < to; i++) {
            expected += population.receiversOf(conversation[i]);
        }
        return expected;
    }

    /** Deliveries that arrived for the messages with index in [from, to). */
    long receivedOf(int from, int to) {
        long received = 0;
        for (int i = from; i < to; i++) {
            received += receives.get(i);
        }
        return received;
    }

    /** Acks that arrived for the messages with index in [from, to), duplicates included. */
    long ackedOf(int from, int to) {
        long acked = 0;
        for (int i = from; i < to; i++) {
            acked += acks.get(i);
        }
        return acked;
    }

    /** After the drain: counts what never arrived, for messages with index in [from, to). */
    void countMissing(int from, int to) {
        for (int i = from; i < to; i++) {
            if (acks.get(i) == 0) {
                violate(Violation.MISSING_ACK, "m" + i);
            }
            int missing = population.receiversOf(conversation[i]) - receives.get(i);
            if (missing > 0) {
                violations.get(Violation.MISSING_RECEIVE).add(missing);
                if (examples.size() < MAX_EXAMPLES) {
                    examples.add(Violation.MISSING_RECEIVE + ": m" + i + " missing " + missing);
                }
            }
        }
    }

    Histogram takeAckLatency() { return ackLatency.getIntervalHistogram(); }
    Histogram takeReceiveLatency() { return receiveLatency.getIntervalHistogram(); }

    Map<Violation, Long> violationCounts() {
        Map<Violation, Long> counts = new EnumMap<>(Violation.class);
        violations.forEach((v, n) -> counts.put(v, n.sum()));
        return counts;
    }

    Map<String, Long> errorCounts() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        errors.forEach((k, n) -> counts.put(k, n.sum()));
        return counts;
    }

    List<String> examples() {
        synchronized (examples) {
            return List.copyOf(examples);
        }
    }
}
