package io.pulsechat.db;

import io.pulsechat.api.Message;
import io.pulsechat.core.MessageCommand;
import io.pulsechat.core.RejectedMessage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * Stores a batch of sends in one transaction and one round trip per step: finds the ones already
 * stored (a retry or a redelivery), checks membership, takes each conversation's next seqs from its
 * counter (the row lock orders concurrent writers), and inserts the rest together.
 */
public class MessageStore {
    public record Result(List<Stored> stored, List<RejectedMessage> rejected) {}

    /** A message of the batch as stored (or found stored already), with its members and its sender's session. */
    public record Stored(Message message, List<UUID> memberIds, String originNode, String originSession,
                         long receivedAtMillis) {}

    private record Key(UUID senderId, String clientMessageId) {}

    private final Jdbi jdbi;

    public MessageStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Result store(List<MessageCommand> commands) {
        return jdbi.inTransaction(handle -> store(handle.registerRowMapper(ConstructorMapper.factory(Message.class)), commands));
    }

    private Result store(Handle handle, List<MessageCommand> commands) {
        Map<Key, Message> existing = findExisting(handle, commands);
        Map<UUID, List<UUID>> members = membersOf(handle, commands);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

        List<MessageCommand> fresh = new ArrayList<>();
        List<RejectedMessage> rejected = new ArrayList<>();
        Map<Key, MessageCommand> firstOfKey = new HashMap<>();
        for (MessageCommand c : commands) {
            Key key = new Key(c.senderId(), c.clientMessageId());
            if (existing.containsKey(key) || firstOfKey.containsKey(key)) {
                continue;
            }
            List<UUID> memberIds = members.getOrDefault(c.conversationId(), List.of());
            if (!memberIds.contains(c.senderId())) {
                rejected.add(new RejectedMessage(c.conversationId(), c.senderId(), c.clientMessageId(), "not_found",
                        "conversation not found", c.originNode(), c.originSession()));
                continue;
            }
            firstOfKey.put(key, c);
            fresh.add(c);
        }

        Map<Key, Message> stored = new HashMap<>(existing);
        stored.putAll(insert(handle, fresh, now));

        List<Stored> persisted = new ArrayList<>();
        for (MessageCommand c : commands) {
            Message message = stored.get(new Key(c.senderId(), c.clientMessageId()));
            if (message != null) {
                persisted.add(new Stored(message, members.getOrDefault(c.conversationId(), List.of()),
                        c.originNode(), c.originSession(), c.receivedAtMillis()));
            }
        }
        // Any order of conversations will do, as long as each one's messages go out in seq order; comparing
        // the UUIDs themselves keeps this off the profile (their strings were built on every comparison).
        persisted.sort(Comparator.comparing((Stored p) -> p.message().conversationId())
                .thenComparingLong(p -> p.message().seq()));
        return new Result(persisted, rejected);
    }

    private Map<Key, Message> findExisting(Handle handle, List<MessageCommand> commands) {
        UUID[] senders = commands.stream().map(MessageCommand::senderId).toArray(UUID[]::new);
        String[] clientIds = commands.stream().map(MessageCommand::clientMessageId).toArray(String[]::new);
        Map<Key, Message> found = new HashMap<>();
        handle.createQuery("SELECT " + MessageDao.COLUMNS + " FROM messages m JOIN unnest(:senders, :clientIds) AS k(sender_id, client_message_id) "
                        + "USING (sender_id, client_message_id)")
                .bind("senders", senders)
                .bind("clientIds", clientIds)
                .mapTo(Message.class)
                .forEach(m -> found.put(new Key(m.senderId(), m.clientMessageId()), m));
        return found;
    }

    private Map<UUID, List<UUID>> membersOf(Handle handle, List<MessageCommand> commands) {
        UUID[] conversations = commands.stream().map(MessageCommand::conversationId).distinct().toArray(UUID[]::new);
        Map<UUID, List<UUID>> members = new HashMap<>();
        handle.createQuery("SELECT conversation_id, user_id FROM members WHERE conversation_id = ANY(:ids)")
                .bind("ids", conversations)
                .map((rs, ctx) -> Map.entry(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                .forEach(e -> members.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return members;
    }

    private Map<Key, Message> insert(Handle handle, List<MessageCommand> fresh, Instant now) {
        if (fresh.isEmpty()) {
            return Map.of();
        }
        Map<UUID, Integer> counts = new LinkedHashMap<>();
        fresh.forEach(c -> counts.merge(c.conversationId(), 1, Integer::sum));
        Map<UUID, Long> nextSeq = reserveSeqs(handle, counts, now);

        int n = fresh.size();
        UUID[] ids = new UUID[n];
        UUID[] conversationIds = new UUID[n];
        long[] seqs = new long[n];
        UUID[] senders = new UUID[n];
        String[] clientIds = new String[n];
        String[] bodies = new String[n];
        Map<Key, Message> inserted = new HashMap<>();
        for (int i = 0; i < n; i++) {
            MessageCommand c = fresh.get(i);
            long seq = nextSeq.merge(c.conversationId(), 1L, Long::sum) - 1;
            ids[i] = UUID.randomUUID();
            conversationIds[i] = c.conversationId();
            seqs[i] = seq;
            senders[i] = c.senderId();
            clientIds[i] = c.clientMessageId();
            bodies[i] = c.body();
            inserted.put(new Key(c.senderId(), c.clientMessageId()), new Message(ids[i], c.conversationId(), seq,
                    c.senderId(), c.clientMessageId(), c.body(), now, null, false));
        }
        handle.createUpdate("INSERT INTO messages (id, conversation_id, seq, sender_id, client_message_id, body, created_at) "
                        + "SELECT id, conversation_id, seq, sender_id, client_message_id, body, :now "
                        + "FROM unnest(:ids, :conversationIds, :seqs, :senders, :clientIds, :bodies) "
                        + "AS t(id, conversation_id, seq, sender_id, client_message_id, body)")
                .bind("ids", ids)
                .bind("conversationIds", conversationIds)
                .bind("seqs", seqs)
                .bind("senders", senders)
                .bind("clientIds", clientIds)
                .bind("bodies", bodies)
                .bind("now", now)
                .execute();
        return inserted;
    }

    /** Advances each conversation's counter by its count; answers the first new seq of each. */
    private Map<UUID, Long> reserveSeqs(Handle handle, Map<UUID, Integer> counts, Instant now) {
        // Only one consumer owns a conversation's partition; should two overlap during a rebalance,
        // the row locks order them, and a deadlock between them fails the batch, which is retried.
        List<UUID> ordered = counts.keySet().stream().sorted().toList();
        UUID[] ids = ordered.toArray(UUID[]::new);
        int[] increments = ordered.stream().mapToInt(counts::get).toArray();
        Map<UUID, Long> first = new HashMap<>();
        handle.createQuery("UPDATE conversations c SET last_seq = c.last_seq + d.n, last_message_at = :now "
                        + "FROM unnest(:ids, :increments) AS d(id, n) WHERE c.id = d.id "
                        + "RETURNING c.id, c.last_seq - d.n + 1")
                .bind("ids", ids)
                .bind("increments", increments)
                .bind("now", now)
                .map((rs, ctx) -> Map.entry(rs.getObject(1, UUID.class), rs.getLong(2)))
                .forEach(e -> first.put(e.getKey(), e.getValue()));
        return first;
    }
}
