package io.pulsechat.console;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/** The last `capacity` entries, oldest first: the window the console's charts show. */
final class History<T> {
    private final int capacity;
    private final ToLongFunction<T> time;
    private final ArrayDeque<T> entries;

    History(int capacity, ToLongFunction<T> time) {
        this.capacity = capacity;
        this.time = time;
        this.entries = new ArrayDeque<>(capacity);
    }

    synchronized void add(T entry) {
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(entry);
    }

    /** The entries newer than `after` (epoch milliseconds), oldest first. */
    synchronized List<T> since(long after) {
        List<T> newer = new ArrayList<>();
        for (T entry : entries) {
            if (time.applyAsLong(entry) > after) {
                newer.add(entry);
            }
        }
        return newer;
    }

    synchronized T latest() {
        return entries.peekLast();
    }
}
