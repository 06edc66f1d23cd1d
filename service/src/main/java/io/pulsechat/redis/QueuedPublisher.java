package io.pulsechat.redis;

import io.dropwizard.lifecycle.Managed;
import io.pulsechat.core.BusEvent;
import io.pulsechat.core.Events;
import io.pulsechat.health.DependencyErrors;
import io.pulsechat.health.OutageLog;
import io.pulsechat.health.Trace;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the storing consumers' events on a thread of its own, so that storing never waits for
 * Redis: a Redis that is down or frozen costs each publish its timeout, here rather than in the loop
 * that stores. Events it cannot publish (Redis failing, or the queue full) are dropped, and once a
 * publish succeeds again it tells every node since when events may be missing
 * ({@link BusEvent.MissedSince}): each node then delivers from PostgreSQL what was stored meanwhile.
 * That costs every node a read of PostgreSQL, so it is told at most once a second: on a Redis Cluster whose
 * master fails over, the publishes to its channels fail while the others succeed, and each success would
 * otherwise tell it again.
 */
public class QueuedPublisher implements Events, Managed {
    private static final Logger LOG = LoggerFactory.getLogger(QueuedPublisher.class);
    private static final long ANNOUNCE_EVERY_MS = 1000;

    private final Events redis;
    private final BlockingQueue<BusEvent> queue;
    private final LongSupplier clock;
    private final OutageLog.Source outage = OutageLog.of("redis").source("publishing stored messages");
    /** When the first event since the last successful publish was dropped; -1 when none was. */
    private volatile long droppingSince = -1;
    /** When missed events were last announced; only the publishing thread touches it. */
    private long announcedAtMillis = Long.MIN_VALUE / 2;
    private volatile boolean stopping;
    private Thread thread;

    public QueuedPublisher(Events redis, int capacity, LongSupplier clock) {
        this.redis = redis;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.clock = clock;
    }

    /** Never blocks: a full queue drops the event, and the nodes catch up from PostgreSQL later. */
    @Override
    public void publish(BusEvent event) {
        if (!queue.offer(event)) {
            dropped("the queue of events to publish is full");
        }
    }

    @Override
    public void start() {
        thread = new Thread(this::run, "redis-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    /** Publishes what is queued (each publish has the Redis timeout), then ends. */
    @Override
    public void stop() throws InterruptedException {
        stopping = true;
        thread.join(10_000);
    }

    private void run() {
        try {
            while (!stopping || !queue.isEmpty()) {
                BusEvent event = queue.poll(100, TimeUnit.MILLISECONDS);
                if (event != null) {
                    publishNow(event);
                } else {
                    announceWhenDue();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** With nothing to publish, what was dropped is still announced once its second has come. */
    private void announceWhenDue() {
        try {
            announceMissed();
        } catch (RuntimeException e) {
            dropped(DependencyErrors.describe(e));
        }
    }

    private void announceMissed() {
        long missedSince = droppingSince;
        long now = clock.getAsLong();
        if (missedSince >= 0 && now - announcedAtMillis >= ANNOUNCE_EVERY_MS) {
            redis.publish(new BusEvent.MissedSince(missedSince));
            droppingSince = -1;
            announcedAtMillis = now;
        }
    }

    private void publishNow(BusEvent event) {
        try {
            announceMissed();
            var traced = new Trace.Publish();
            traced.begin();
            redis.publish(event);
            traced.kind = event.getClass().getSimpleName();
            traced.queued = queue.size();
            traced.commit();
            outage.recovered();
        } catch (RuntimeException e) {
            dropped(DependencyErrors.describe(e));
        }
    }

    private void dropped(String reason) {
        if (droppingSince < 0) {
            droppingSince = clock.getAsLong();
        }
        outage.failed(reason + "; nodes deliver the messages stored meanwhile once it works again");
    }
}
