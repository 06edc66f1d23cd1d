package io.pulsechat.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What one subscribed connection should hold: the channels wanted, those the current connection has
 * confirmed, and the callers waiting for confirmations. Not thread-safe: its shard's lock guards it,
 * together with the writes to the connection, so that the book and what Redis was told never disagree.
 */
final class ChannelBook {
    /** One call of subscribe: done once each of its channels is confirmed. */
    private static final class Waiter {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        int remaining;
    }

    private final Set<String> wanted = new HashSet<>();
    private final Set<String> confirmed = new HashSet<>();
    /** Callers waiting for a channel's confirmation, in the order they asked. */
    private final Map<String, List<Waiter>> waiting = new HashMap<>();

    /** Adds these channels to those wanted; answers the ones that were not wanted yet. */
    List<String> want(Collection<String> channels) {
        List<String> fresh = new ArrayList<>();
        for (String c : channels) {
            if (wanted.add(c)) {
                fresh.add(c);
            }
        }
        return fresh;
    }

    /** A future done once every one of these channels is confirmed (at once if they all are). */
    CompletableFuture<Void> await(Collection<String> channels) {
        Waiter waiter = new Waiter();
        for (String c : channels) {
            if (!confirmed.contains(c)) {
                waiter.remaining++;
                waiting.computeIfAbsent(c, k -> new ArrayList<>()).add(waiter);
            }
        }
        return waiter.remaining == 0 ? CompletableFuture.completedFuture(null) : waiter.done;
    }

    /** Drops these channels; answers the ones that were wanted, and adds to {@code done} whoever waited on them. */
    List<String> drop(Collection<String> channels, List<CompletableFuture<Void>> done) {
        List<String> gone = new ArrayList<>();
        for (String c : channels) {
            if (wanted.remove(c)) {
                gone.add(c);
                confirmed.remove(c);
                release(waiting.remove(c), done);
            }
        }
        return gone;
    }

    /** Redis confirmed a channel: adds to {@code done} the waiters that waited for it last. */
    void confirmed(String channel, List<CompletableFuture<Void>> done) {
        if (wanted.contains(channel)) {
            confirmed.add(channel);
        }
        release(waiting.remove(channel), done);
    }

    /** The connection is gone: nothing is confirmed, and every waiter is released (the catch-up covers them). */
    void disconnected(List<CompletableFuture<Void>> done) {
        confirmed.clear();
        waiting.values().forEach(waiters -> waiters.forEach(w -> done.add(w.done)));
        waiting.clear();
    }

    boolean wants(String channel) {
        return wanted.contains(channel);
    }

    List<String> wanted() {
        return List.copyOf(wanted);
    }

    int size() {
        return wanted.size();
    }

    private static void release(List<Waiter> waiters, List<CompletableFuture<Void>> done) {
        if (waiters != null) {
            for (Waiter waiter : waiters) {
                if (--waiter.remaining == 0) {
                    done.add(waiter.done);
                }
            }
        }
    }
}
