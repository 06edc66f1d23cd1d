package io.pulsechat.console;

import io.pulsechat.testing.Api;
import io.pulsechat.testing.NodeAddress;
import io.pulsechat.testing.WsClient;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A steady trickle of messages between two users, one connected to each node, so that both nodes
 * receive, persist and deliver. It stops when closed, or by itself after `limit`. The second node may
 * be stopped meanwhile; sending through the first must never fail.
 */
final class MessageStream implements AutoCloseable {
    private final WsClient first;
    private final WsClient second;
    private final UUID conversation;
    private final Thread thread;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopped;
    private boolean otherGone;

    MessageStream(NodeAddress one, NodeAddress other, int perSecond, Duration limit) {
        var api = new Api(one);
        Api.Account ann = api.register("Console Ann");
        Api.Account bob = api.register("Console Bob");
        conversation = api.direct(ann, bob);
        first = WsClient.connect(one, ann.token());
        second = WsClient.connect(other, bob.token());
        long interval = Duration.ofSeconds(1).toNanos() / perSecond;
        long deadline = System.nanoTime() + limit.toNanos();
        thread = new Thread(() -> {
            long next = System.nanoTime();
            while (!stopped && System.nanoTime() < deadline) {
                int n = sent.getAndIncrement();
                WsClient sender = n % 2 == 0 || otherGone ? first : second;
                try {
                    sender.sendMessage(conversation, "console-" + n, "message " + n);
                } catch (RuntimeException e) {
                    if (sender != second) {
                        failure.compareAndSet(null, e);
                        return;
                    }
                    // The test may stop the other node: its user drops out and the first goes on alone.
                    otherGone = true;
                }
                sender.drain();
                next += interval;
                LockSupport.parkNanos(next - System.nanoTime());
            }
        }, "console-message-stream");
        thread.setDaemon(true);
        thread.start();
    }

    int sent() {
        return sent.get();
    }

    /** Why sending through the first node failed, or null. */
    Throwable failure() {
        return failure.get();
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(5000);
        first.close();
        second.close();
    }
}
