package io.pulsechat.kafka;

import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import io.pulsechat.core.MetricNames;
import io.pulsechat.core.RejectedMessage;
import io.pulsechat.db.MessageStore;
import io.pulsechat.health.OutageLog;
import io.pulsechat.health.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores a decoded batch in one transaction and dead-letters what can never be stored. When the
 * database refuses the batch for its data, it stores each send alone to find the ones it refuses.
 * A batch is done only once its dead letters are on the broker, so that its offsets may be committed.
 */
class BatchStorer {
    private static final Logger LOG = LoggerFactory.getLogger(BatchStorer.class);
    private static final MessageStore.Result NOTHING = new MessageStore.Result(List.of(), List.of());

    private final MessageStore store;
    private final DeadLetters deadLetters;
    private final OutageLog.Source storing;
    private final Meter persisted;
    private final Meter storeFailures;
    private final Timer storeTime;
    private final Histogram batchSizes;

    BatchStorer(String name, MessageStore store, DeadLetters deadLetters, MetricRegistry metrics) {
        this.store = store;
        this.deadLetters = deadLetters;
        this.storing = OutageLog.of("postgres").source("storing messages, " + name);
        this.persisted = metrics.meter(MetricNames.MESSAGES_PERSISTED);
        this.storeFailures = metrics.meter(MetricNames.MESSAGES_STORE_FAILURES);
        this.storeTime = metrics.timer(MetricNames.MESSAGES_STORE_BATCH);
        this.batchSizes = metrics.histogram(MetricNames.MESSAGES_BATCH_SIZE);
    }

    /** What the store answered, once stored and dead-lettered; empty when the batch must be tried again. */
    Optional<MessageStore.Result> store(RecordDecoder.Batch batch) {
        MessageStore.Result result;
        try {
            result = storeTogether(batch.sends());
        } catch (RuntimeException e) {
            if (!StoreFailures.isPoison(e)) {
                storeFailures.mark();
                storing.failed(StoreFailures.describe(e) + "; the batch is retried until it is stored");
                return Optional.empty();
            }
            return storeOneByOne(batch);
        }
        return deadLetter(result, batch.sends(), batch.poison());
    }

    private Optional<MessageStore.Result> storeOneByOne(RecordDecoder.Batch batch) {
        List<MessageStore.Stored> storedAll = new ArrayList<>();
        List<RejectedMessage> rejectedAll = new ArrayList<>();
        List<RecordDecoder.Decoded> taken = new ArrayList<>();
        List<DeadLetters.Letter> poison = new ArrayList<>(batch.poison());
        for (RecordDecoder.Decoded one : batch.sends()) {
            try {
                MessageStore.Result result = storeTogether(List.of(one));
                storedAll.addAll(result.stored());
                rejectedAll.addAll(result.rejected());
                taken.add(one);
            } catch (RuntimeException e) {
                if (!StoreFailures.isPoison(e)) {
                    storing.failed(StoreFailures.describe(e) + "; the batch is retried until it is stored");
                    return Optional.empty();
                }
                poison.add(new DeadLetters.Letter(one.record(), "the database refused it: " + StoreFailures.describe(e)));
            }
        }
        return deadLetter(new MessageStore.Result(storedAll, rejectedAll), taken, poison);
    }

    private MessageStore.Result storeTogether(List<RecordDecoder.Decoded> sends) {
        if (sends.isEmpty()) {
            return NOTHING;
        }
        batchSizes.update(sends.size());
        var traced = new Trace.StoreBatch();
        traced.begin();
        try (Timer.Context ignored = storeTime.time()) {
            return store.store(sends.stream().map(RecordDecoder.Decoded::command).toList());
        } finally {
            traced.records = sends.size();
            traced.commit();
        }
    }

    private Optional<MessageStore.Result> deadLetter(MessageStore.Result result, List<RecordDecoder.Decoded> sends,
                                                     List<DeadLetters.Letter> poison) {
        List<DeadLetters.Letter> letters = new ArrayList<>(poison);
        letters.addAll(rejectedLetters(result.rejected(), sends));
        try {
            deadLetters.send(letters);
        } catch (RuntimeException e) {
            LOG.warn("dead-lettering failed ({}); the batch will be stored again idempotently", e.toString());
            return Optional.empty();
        }
        storing.recovered();
        persisted.mark(result.stored().size());
        return Optional.of(result);
    }

    /** A send the store refused (its sender is no longer a member) can never be stored either. */
    private static List<DeadLetters.Letter> rejectedLetters(List<RejectedMessage> rejected, List<RecordDecoder.Decoded> sends) {
        List<DeadLetters.Letter> letters = new ArrayList<>();
        for (RejectedMessage r : rejected) {
            sends.stream()
                    .filter(d -> d.command().senderId().equals(r.senderId())
                            && d.command().clientMessageId().equals(r.clientMessageId()))
                    .findFirst()
                    .ifPresent(d -> letters.add(new DeadLetters.Letter(d.record(),
                            "the sender is not a member of the conversation, or it does not exist")));
        }
        return letters;
    }
}
