package io.pulsechat.kafka;

import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.lifecycle.Managed;
import io.pulsechat.api.Message;
import io.pulsechat.core.BusEvent;
import io.pulsechat.core.Events;
import io.pulsechat.core.MessageCommand;
import io.pulsechat.core.MessageSettings;
import io.pulsechat.core.PersistedMessage;
import io.pulsechat.core.RejectedMessage;
import io.pulsechat.core.TextRules;
import io.pulsechat.db.MessageStore;
import io.pulsechat.health.DependencyErrors;
import io.pulsechat.health.OncePerMinute;
import io.pulsechat.health.OutageLog;
import io.pulsechat.health.Trace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer group member that stores messages. One thread owns the consumer (Kafka's pattern):
 * poll a batch, store it in one transaction, tell every node, then commit its offsets.
 * While the database is unreachable it rewinds and retries the same batch with back-off, so
 * nothing is skipped; records that can never be stored go to the dead-letter topic.
 */
public class PersistenceLoop implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(PersistenceLoop.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final long MAX_BACKOFF_MS = 2000;

    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final MessageStore store;
    private final DeadLetters deadLetters;
    private final Events events;
    private final ObjectMapper json;
    private final Meter persisted;
    private final Meter storeFailures;
    private final Timer storeTime;
    private final Histogram batchSizes;
    private final AtomicLong lag = new AtomicLong();
    private final AtomicInteger assigned = new AtomicInteger();
    /** When this consumer last stored a batch or had nothing to store. */
    private volatile long lastProgressNanos = System.nanoTime();
    /** Offsets stored in PostgreSQL, per partition; owned by the loop's thread. */
    private final Map<TopicPartition, OffsetAndMetadata> stored = new HashMap<>();
    private final long commitIntervalNanos;
    private long lastCommitNanos;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private Thread thread;

    private final String name;
    private final OutageLog.Source storing;
    private final OutageLog.Source polling;
    private final OncePerMinute unexpected = new OncePerMinute();

    public PersistenceLoop(String name, Consumer<String, byte[]> consumer, String topic, MessageStore store,
                           DeadLetters deadLetters,
                           Events events, ObjectMapper json, MetricRegistry metrics, Duration commitInterval) {
        this.commitIntervalNanos = commitInterval.toNanos();
        // nanoTime has no fixed origin (it may be negative): the first batch commits at once.
        this.lastCommitNanos = System.nanoTime() - commitIntervalNanos;
        this.consumer = consumer;
        this.topic = topic;
        this.store = store;
        this.deadLetters = deadLetters;
        this.events = events;
        this.json = json;
        this.persisted = metrics.meter("messages.persisted");
        this.storeFailures = metrics.meter("messages.store-failures");
        this.storeTime = metrics.timer("messages.store-batch");
        this.batchSizes = metrics.histogram("messages.batch-size");
        this.name = name;
        this.storing = OutageLog.of("postgres").source("storing messages, " + name);
        this.polling = OutageLog.of("kafka").source("polling, " + name);
    }

    /** Records in this consumer's partitions not yet stored. */
    public long lag() {
        return lag.get();
    }

    /** How long this consumer has had records to store without storing any; 0 when it is keeping up. */
    public long stalledMillis() {
        return lag.get() > 0 ? (System.nanoTime() - lastProgressNanos) / 1_000_000 : 0;
    }

    public int assignedPartitions() {
        return assigned.get();
    }

    @Override
    public void start() {
        thread = new Thread(this::run, name);
        thread.start();
    }

    /** Finishes the batch in hand (stored, committed, published), then leaves the group. */
    @Override
    public void stop() throws InterruptedException {
        stopping.countDown();
        if (!finished.await(30, TimeUnit.SECONDS)) {
            LOG.error("the persistence loop did not finish its batch within 30 s; leaving it to the next owner");
        }
    }

    private void run() {
        long backoff = 50;
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            while (stopping.getCount() > 0) {
                if (pollAndHandle()) {
                    backoff = 50;
                } else {
                    if (stopping.await(backoff, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
                }
            }
        } catch (InterruptedException | InterruptException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                commitStored(List.copyOf(stored.keySet()));
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
            var polled = new Trace.Poll();
            polled.begin();
            records = consumer.poll(POLL_TIMEOUT);
            if (!records.isEmpty()) {
                polled.records = records.count();
                polled.commit();
            }
            polling.recovered();
            updateLag();
            if (lag.get() == 0) {
                lastProgressNanos = System.nanoTime();
            }
            if (records.isEmpty()) {
                return true;
            }
            if (handle(records)) {
                lastProgressNanos = System.nanoTime();
                return true;
            }
        } catch (InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            if (records.isEmpty()) {
                // The poll itself failed (a broker refusing the node, unreachable): Kafka's outage, not a batch's.
                polling.failed(KafkaErrors.describe(e));
            } else if (unexpected.pass(DependencyErrors.kind(e))) {
                LOG.error("{} failed on a batch of {} records; retrying it (repeats once a minute at most)", name,
                        records.count(), e);
            }
        } catch (RuntimeException e) {
            if (unexpected.pass(DependencyErrors.kind(e))) {
                LOG.error("{} failed on a batch of {} records; retrying it (repeats once a minute at most)", name,
                        records.count(), e);
            }
        }
        rewind(records);
        return false;
    }

    /** A record with the send it carries. */
    private record Decoded(ConsumerRecord<String, byte[]> record, MessageCommand command) {}

    /** True when the batch is stored and committed; false when it must be tried again. */
    private boolean handle(ConsumerRecords<String, byte[]> records) {
        List<Decoded> decoded = new ArrayList<>(records.count());
        List<DeadLetters.Letter> poison = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            decode(record, decoded, poison);
        }
        MessageStore.Result result;
        try {
            result = store(decoded);
        } catch (RuntimeException e) {
            if (!StoreFailures.isPoison(e)) {
                storeFailures.mark();
                storing.failed(StoreFailures.describe(e) + "; the batch is retried until it is stored");
                return false;
            }
            return handleOneByOne(records, decoded, poison);
        }
        return finish(records, result, decoded, poison);
    }

    /** A batch the database refused for its data: store each record alone to find the poison ones. */
    private boolean handleOneByOne(ConsumerRecords<String, byte[]> records, List<Decoded> decoded,
                                   List<DeadLetters.Letter> poison) {
        List<MessageStore.Stored> persistedAll = new ArrayList<>();
        List<RejectedMessage> rejectedAll = new ArrayList<>();
        List<Decoded> stored = new ArrayList<>();
        for (Decoded one : decoded) {
            try {
                MessageStore.Result result = store(List.of(one));
                persistedAll.addAll(result.stored());
                rejectedAll.addAll(result.rejected());
                stored.add(one);
            } catch (RuntimeException e) {
                if (!StoreFailures.isPoison(e)) {
                    storing.failed(StoreFailures.describe(e) + "; the batch is retried until it is stored");
                    return false;
                }
                poison.add(new DeadLetters.Letter(one.record(), "the database refused it: " + StoreFailures.describe(e)));
            }
        }
        return finish(records, new MessageStore.Result(persistedAll, rejectedAll), stored, poison);
    }

    private MessageStore.Result store(List<Decoded> decoded) {
        if (decoded.isEmpty()) {
            return new MessageStore.Result(List.of(), List.of());
        }
        batchSizes.update(decoded.size());
        var traced = new Trace.StoreBatch();
        traced.begin();
        try (Timer.Context ignored = storeTime.time()) {
            return store.store(decoded.stream().map(Decoded::command).toList());
        } finally {
            traced.records = decoded.size();
            traced.commit();
        }
    }

    private boolean finish(ConsumerRecords<String, byte[]> records, MessageStore.Result result, List<Decoded> decoded,
                           List<DeadLetters.Letter> poison) {
        List<DeadLetters.Letter> letters = new ArrayList<>(poison);
        letters.addAll(rejectedLetters(result.rejected(), decoded));
        try {
            deadLetters.send(letters);
        } catch (RuntimeException e) {
            LOG.warn("dead-lettering failed ({}); the batch will be stored again idempotently", e.toString());
            return false;
        }
        storing.recovered();
        persisted.mark(result.stored().size());
        if (!result.stored().isEmpty() || !result.rejected().isEmpty()) {
            publish(new BusEvent.MessagesStored(result.stored().stream().map(this::toEvent).toList(), result.rejected()));
        }
        commit(nextOffsets(records));
        return true;
    }

    /**
     * Commits after the database commit, without waiting for the broker, and at most once per
     * commit interval (each commit is a request to the broker; at thousands of small batches a second
     * they were a visible share of the broker's and this thread's CPU). A commit that is late or lost
     * only makes the next owner store those records again, which the store de-duplicates: their
     * messages are published again, and clients drop what they already have by id. Revocation and
     * shutdown commit synchronously everything stored.
     */
    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        stored.putAll(offsets);
        long now = System.nanoTime();
        if (now - lastCommitNanos < commitIntervalNanos) {
            return;
        }
        lastCommitNanos = now;
        consumer.commitAsync(Map.copyOf(stored), (committed, error) -> {
            if (error != null && unexpected.pass("commit " + error.getClass().getName())) {
                LOG.warn("committing offsets failed ({}); they are committed again with the next batch "
                        + "(repeats once a minute at most)", error.toString());
            }
        });
    }

    private void commitStored(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = stored.remove(partition);
            if (offset != null) {
                offsets.put(partition, offset);
            }
        }
        if (!offsets.isEmpty()) {
            try {
                consumer.commitSync(offsets);
            } catch (RuntimeException e) {
                LOG.warn("committing offsets of {} failed ({}); their next owner stores those records again, "
                        + "idempotently", offsets.keySet(), e.toString());
            }
        }
    }

    private PersistedMessage toEvent(MessageStore.Stored stored) {
        Message m = stored.message();
        try {
            return new PersistedMessage(m.conversationId(), m.seq(), m.senderId(), m.clientMessageId(),
                    json.writeValueAsString(m), stored.memberIds(), stored.originNode(), stored.originSession(),
                    stored.receivedAtMillis());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode message " + m.id(), e);
        }
    }

    /** A send the store refused (its sender is no longer a member) can never be stored either. */
    private static List<DeadLetters.Letter> rejectedLetters(List<RejectedMessage> rejected, List<Decoded> decoded) {
        List<DeadLetters.Letter> letters = new ArrayList<>();
        for (RejectedMessage r : rejected) {
            decoded.stream()
                    .filter(d -> d.command().senderId().equals(r.senderId())
                            && d.command().clientMessageId().equals(r.clientMessageId()))
                    .findFirst()
                    .ifPresent(d -> letters.add(new DeadLetters.Letter(d.record(),
                            "the sender is not a member of the conversation, or it does not exist")));
        }
        return letters;
    }

    private void publish(BusEvent event) {
        try {
            events.publish(event);
        } catch (RuntimeException e) {
            // Stored and committed: clients recover what they missed with `sync`, and a retried send re-acks.
            LOG.warn("publishing stored messages to Redis failed: {}", e.toString());
        }
    }

    private void decode(ConsumerRecord<String, byte[]> record, List<Decoded> decoded, List<DeadLetters.Letter> poison) {
        MessageCommand command;
        try {
            command = json.readValue(record.value(), MessageCommand.class);
        } catch (java.io.IOException | RuntimeException e) {
            poison.add(new DeadLetters.Letter(record, "not a message: " + e.getMessage()));
            return;
        }
        String problem = problemWith(command);
        if (problem != null) {
            poison.add(new DeadLetters.Letter(record, problem));
        } else {
            decoded.add(new Decoded(record, command));
        }
    }

    static String problemWith(MessageCommand c) {
        if (c.conversationId() == null || c.senderId() == null) {
            return "missing conversationId or senderId";
        }
        if (c.clientMessageId() == null || c.clientMessageId().isEmpty() || c.clientMessageId().length() > MessageSettings.CLIENT_MESSAGE_ID_COLUMN_LENGTH) {
            return "missing or overlong clientMessageId";
        }
        if (c.body() == null || !TextRules.isStorable(c.body()) || !TextRules.isStorable(c.clientMessageId())) {
            return "missing body, or text PostgreSQL cannot store";
        }
        return null;
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> list = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private void rewind(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            if (consumer.assignment().contains(partition)) {
                consumer.seek(partition, records.records(partition).get(0).offset());
            }
        }
    }

    private void updateLag() {
        assigned.set(consumer.assignment().size());
        long total = 0;
        for (TopicPartition partition : consumer.assignment()) {
            total += consumer.currentLag(partition).orElse(0);
        }
        lag.set(total);
    }

    /** Runs on the loop's thread, inside poll(). */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commitStored(partitions);
            if (!partitions.isEmpty()) {
                LOG.info("partitions revoked: {}", partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(stored::remove);
            LOG.warn("partitions lost: {}", partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.info("partitions assigned: {}", partitions);
            }
        }
    }
}
