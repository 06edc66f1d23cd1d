package io.pulsechat.bench;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends at a fixed aggregate rate from one thread. Message i of a step is due at start + i / rate;
 * whatever is due is sent at once, so a scheduler that wakes late catches up, and the lateness is
 * counted in the latencies (they run from the due time, not from the actual send).
 */
final class SendScheduler {
    /** Shorter sleeps cost more wake-ups than the latency they save. */
    private static final long MIN_PARK_NANOS = 100_000;

    private final Ledger ledger;
    private final List<BenchSocket> sockets;
    private final String[] framePrefix;
    private final String frameSuffix;
    private final SplittableRandom random;

    SendScheduler(Ledger ledger, List<BenchSocket> sockets, int bodyBytes, long seed) {
        this.ledger = ledger;
        this.sockets = sockets;
        List<Population.BenchConversation> conversations = ledger.population().conversations();
        framePrefix = new String[conversations.size()];
        for (int c = 0; c < framePrefix.length; c++) {
            framePrefix[c] = "{\"type\":\"send-message\",\"conversationId\":\"" + conversations.get(c).id()
                    + "\",\"clientMessageId\":\"m";
        }
        frameSuffix = "\",\"body\":\"" + "x".repeat(bodyBytes) + "\"}";
        random = new SplittableRandom(seed);
    }

    /**
     * Sends {@code count} messages at {@code rate} per second starting at {@code start} (nanoTime);
     * returns the nanoTime of the last send.
     */
    long run(long start, int rate, int count) {
        double interval = 1e9 / rate;
        List<Population.BenchConversation> conversations = ledger.population().conversations();
        long now = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + (long) (i * interval);
            while (due > now) {
                LockSupport.parkNanos(Math.max(due - now, MIN_PARK_NANOS));
                now = System.nanoTime();
            }
            int conversation = random.nextInt(conversations.size());
            int[] members = conversations.get(conversation).members();
            send(conversation, members[random.nextInt(members.length)], due);
        }
        return System.nanoTime();
    }

    /** One message, recorded in the ledger before it goes out. */
    void send(int conversation, int sender, long due) {
        int index = ledger.record(due, conversation, sender);
        sockets.get(sender).send(framePrefix[conversation] + index + frameSuffix);
    }
}
