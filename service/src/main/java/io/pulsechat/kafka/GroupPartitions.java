package io.pulsechat.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Every partition of the messages topic as the brokers see it, not as one node does: which member of
 * the storing consumer group owns it (none: nobody stores it), the group's committed offset, the log's
 * end, and the lag between them. A node's own lag gauge sees only its own partitions, so partitions that
 * nobody owns would be invisible there. Each read is a few admin requests, each within the deadline.
 */
public final class GroupPartitions {
    /** One partition; {@code owner} is the owning consumer's client id, null when none owns it. */
    public record Row(int partition, String owner, Long committed, long end, long lag) {
        public boolean unowned() {
            return owner == null;
        }
    }

    /** The partitions at {@code time}, partition order; {@code error} says why they could not be read (rows empty). */
    public record Report(long time, String topic, String group, List<Row> rows, String error) {
        public long unownedLag() {
            return rows.stream().filter(Row::unowned).mapToLong(Row::lag).sum();
        }

        public long unowned() {
            return rows.stream().filter(Row::unowned).count();
        }
    }

    private final Admin admin;
    private final String topic;
    private final String group;
    private final long deadlineMillis;
    private final LongSupplier clock;

    GroupPartitions(Admin admin, String topic, String group, long deadlineMillis, LongSupplier clock) {
        this.admin = admin;
        this.topic = topic;
        this.group = group;
        this.deadlineMillis = deadlineMillis;
        this.clock = clock;
    }

    /** Reads the group and the log now; a failure is in the report, never thrown. */
    public Report read() throws InterruptedException {
        long now = clock.getAsLong();
        try {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).describedGroups()
                    .get(group).get(deadlineMillis, TimeUnit.MILLISECONDS);
            Map<Integer, String> owners = new HashMap<>();
            for (MemberDescription member : description.members()) {
                for (TopicPartition partition : member.assignment().topicPartitions()) {
                    if (partition.topic().equals(topic)) {
                        owners.put(partition.partition(), member.clientId());
                    }
                }
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(deadlineMillis, TimeUnit.MILLISECONDS);
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(deadlineMillis, TimeUnit.MILLISECONDS).get(topic).partitions().size();
            Map<Integer, Long> starts = offsets(partitions, OffsetSpec.earliest());
            Map<Integer, Long> ends = offsets(partitions, OffsetSpec.latest());
            Map<Integer, Long> commits = new HashMap<>();
            committed.forEach((tp, offset) -> {
                if (tp.topic().equals(topic) && offset != null) {
                    commits.put(tp.partition(), offset.offset());
                }
            });
            return new Report(now, topic, group, rows(partitions, owners, commits, starts, ends), null);
        } catch (ExecutionException | TimeoutException e) {
            return new Report(now, topic, group, List.of(), KafkaErrors.describe(e));
        }
    }

    private Map<Integer, Long> offsets(int partitions, OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            wanted.put(new TopicPartition(topic, p), spec);
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> found = admin.listOffsets(wanted).all()
                .get(deadlineMillis, TimeUnit.MILLISECONDS);
        Map<Integer, Long> offsets = new HashMap<>();
        found.forEach((tp, info) -> offsets.put(tp.partition(), info.offset()));
        return offsets;
    }

    /**
     * The rows from what the brokers said: a partition without a committed offset has stored nothing
     * yet, so its lag is everything still in the log (a new group starts from the earliest offset).
     */
    static List<Row> rows(int partitions, Map<Integer, String> owners, Map<Integer, Long> committed,
                          Map<Integer, Long> starts, Map<Integer, Long> ends) {
        List<Row> rows = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            long end = ends.getOrDefault(p, 0L);
            Long commit = committed.get(p);
            long from = commit != null ? commit : starts.getOrDefault(p, 0L);
            rows.add(new Row(p, owners.get(p), commit, end, Math.max(0, end - from)));
        }
        return rows;
    }
}
