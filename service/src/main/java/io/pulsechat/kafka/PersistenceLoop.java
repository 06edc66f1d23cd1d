package io.pulsechat.kafka;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.lifecycle.Managed;
import io.pulsechat.core.Events;
import io.pulsechat.db.MessageStore;
import io.pulsechat.health.Backoff;
import io.pulsechat.health.DependencyErrors;
import io.pulsechat.health.OncePerMinute;
import io.pulsechat.health.OutageLog;
import io.pulsechat.health.Trace;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer group member that stores messages. One thread owns the consumer (Kafka's pattern):
 * poll a batch, store it in one transaction ({@link BatchStorer}), tell every node
 * ({@link StoredMessagesPublisher}), then commit its offsets ({@link OffsetTracker}).
 * While the database is unreachable it rewinds and retries the same batch with back-off, so
 * nothing is skipped; records that can never be stored go to the dead-letter topic.
 */
public class PersistenceLoop implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(PersistenceLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

    private final String name;
    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final RecordDecoder decoder;
    private final BatchStorer storer;
    private final StoredMessagesPublisher publisher;
    private final OffsetTracker offsets;
    private final Backoff backoff = Backoff.doubling(Duration.ofMillis(50), Duration.ofSeconds(2));
    private final OutageLog.Source polling;
    private final OncePerMinute unexpected = new OncePerMinute();
    private final ConsumerLag lag = new ConsumerLag();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    public PersistenceLoop(String name, Consumer<String, byte[]> consumer, String topic, MessageStore store,
                           DeadLetters deadLetters, Events events, ObjectMapper json, MetricRegistry metrics,
                           Duration commitInterval) {
        this.name = name;
        this.consumer = consumer;
        this.topic = topic;
        this.decoder = new RecordDecoder(json);
        this.storer = new BatchStorer(name, store, deadLetters, metrics);
        this.publisher = new StoredMessagesPublisher(events, json);
        this.offsets = new OffsetTracker(consumer, commitInterval);
        this.polling = OutageLog.of("kafka").source("polling, " + name);
    }

    /** Records in this consumer's partitions not yet stored. */
    public long lag() {
        return lag.records();
    }

    /** How long this consumer has had records to store without storing any; 0 when it is keeping up. */
    public long stalledMillis() {
        return lag.stalledMillis();
    }

    public int assignedPartitions() {
        return lag.assignedPartitions();
    }

    @Override
    public void start() {
        new Thread(this::run, name).start();
    }

    /** Finishes the batch in hand (stored, published, committed), then leaves the group. */
    @Override
    public void stop() throws InterruptedException {
        stopping.countDown();
        if (!finished.await(30, TimeUnit.SECONDS)) {
            LOG.error("the persistence loop did not finish its batch within 30 s; leaving it to the next owner");
        }
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), offsets);
            while (stopping.getCount() > 0) {
                if (pollAndHandle()) {
                    backoff.reset();
                } else if (backoff.pause(stopping)) {
                    break;
                }
            }
        } catch (InterruptedException | InterruptException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                offsets.commitAll();
                consumer.close();
            } finally {
                finished.countDown();
            }
        }
    }

    /**
     * One poll and its batch; false when the batch must be tried again after a back-off. An
     * unexpected failure is logged and retried like an unreachable database: the loop must outlive
     * it, or this node would stop storing its partitions while still holding them.
     */
    private boolean pollAndHandle() {
        ConsumerRecords<String, byte[]> records = ConsumerRecords.empty();
        try {
            records = poll();
            lag.measure(consumer);
            if (records.isEmpty()) {
                return true;
            }
            var stored = storer.store(decoder.decode(records));
            if (stored.isPresent()) {
                publisher.publish(stored.get());
                offsets.stored(records);
                lag.progressed();
                return true;
            }
        } catch (InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            if (records.isEmpty()) {
                // The poll itself failed (a broker refusing the node, unreachable): Kafka's outage, not a batch's.
                polling.failed(KafkaErrors.describe(e));
            } else {
                logUnexpected(records, e);
            }
        } catch (RuntimeException e) {
            logUnexpected(records, e);
        }
        offsets.rewind(records);
        return false;
    }

    private ConsumerRecords<String, byte[]> poll() {
        var traced = new Trace.Poll();
        traced.begin();
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL_TIMEOUT);
        if (!records.isEmpty()) {
            traced.records = records.count();
            traced.commit();
        }
        polling.recovered();
        return records;
    }

    private void logUnexpected(ConsumerRecords<String, byte[]> records, RuntimeException e) {
        if (unexpected.pass(DependencyErrors.kind(e))) {
            LOG.error("{} failed on a batch of {} records; retrying it (repeats once a minute at most)", name,
                    records.count(), e);
        }
    }
}
