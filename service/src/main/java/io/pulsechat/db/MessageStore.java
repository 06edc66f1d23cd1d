package io.pulsechat.db;

import io.pulsechat.api.Message;
import io.pulsechat.core.MessageCommand;
import io.pulsechat.core.RejectedMessage;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Stores a batch of sends in one statement, so one round trip and one transaction: finds the ones
 * already stored (a retry or a redelivery), checks membership, advances each conversation's seq
 * counter by its count (the row lock orders concurrent writers) and inserts the rest, numbered in
 * the batch's order. Plain JDBC on purpose: this runs for every batch, and JDBI's statement parsing
 * and reflective row mapping were a visible share of the storing thread's CPU.
 */
public class MessageStore {
    public record Result(List<Stored> stored, List<RejectedMessage> rejected) {}

    /** A message of the batch as stored (or found stored already), with its members and its sender's session. */
    public record Stored(Message message, List<UUID> memberIds, String originNode, String originSession,
                         long receivedAtMillis) {}

    /**
     * Answers one row per send, in the batch's order: the message stored for its (sender,
     * clientMessageId) - just now or earlier - with the members of that message's conversation, or
     * nulls when it was refused (the sender is not a member, or the conversation does not exist).
     * A key repeated within the batch is stored once; every repetition answers that message.
     * Only one consumer owns a conversation's partition; should two overlap during a rebalance, the
     * counters' row locks order them, and a deadlock between them fails the batch, which is retried.
     */
    static final String STORE_SQL = """
            WITH input AS (
                SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[]) WITH ORDINALITY
                    AS t(conversation_id, sender_id, client_message_id, body, i)
            ), existing AS (
                SELECT m.id, m.conversation_id, m.seq, m.sender_id, m.client_message_id, m.body, m.created_at,
                       m.edited_at, m.deleted
                FROM messages m JOIN (SELECT DISTINCT sender_id, client_message_id FROM input) k
                    USING (sender_id, client_message_id)
            ), member_lists AS (
                SELECT conversation_id, array_agg(user_id) AS member_ids FROM members
                WHERE conversation_id IN (SELECT conversation_id FROM input UNION SELECT conversation_id FROM existing)
                GROUP BY conversation_id
            ), fresh AS (
                SELECT DISTINCT ON (i.sender_id, i.client_message_id) i.*
                FROM input i JOIN member_lists l ON l.conversation_id = i.conversation_id AND i.sender_id = ANY (l.member_ids)
                WHERE NOT EXISTS (SELECT 1 FROM existing e
                                  WHERE e.sender_id = i.sender_id AND e.client_message_id = i.client_message_id)
                ORDER BY i.sender_id, i.client_message_id, i.i
            ), counts AS (
                SELECT conversation_id, count(*) AS n FROM fresh GROUP BY conversation_id
            ), bumped AS (
                UPDATE conversations c SET last_seq = c.last_seq + counts.n, last_message_at = ?
                FROM counts WHERE c.id = counts.conversation_id
                RETURNING c.id, c.last_seq - counts.n AS base
            ), inserted AS (
                INSERT INTO messages (id, conversation_id, seq, sender_id, client_message_id, body, created_at)
                SELECT gen_random_uuid(), f.conversation_id,
                       b.base + row_number() OVER (PARTITION BY f.conversation_id ORDER BY f.i),
                       f.sender_id, f.client_message_id, f.body, ?
                FROM fresh f JOIN bumped b ON b.id = f.conversation_id
                RETURNING id, conversation_id, seq, sender_id, client_message_id, body, created_at, edited_at, deleted
            )
            SELECT s.id, s.conversation_id, s.seq, s.sender_id, s.client_message_id, s.body, s.created_at,
                   s.edited_at, s.deleted, l.member_ids
            FROM input i
            LEFT JOIN (SELECT * FROM inserted UNION ALL SELECT * FROM existing) s
                ON s.sender_id = i.sender_id AND s.client_message_id = i.client_message_id
            LEFT JOIN member_lists l ON l.conversation_id = s.conversation_id
            ORDER BY i.i
            """;

    private final Jdbi jdbi;

    public MessageStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Result store(List<MessageCommand> commands) {
        return jdbi.withHandle(handle -> {
            try {
                return store(handle.getConnection(), commands);
            } catch (SQLException e) {
                // The same failure JDBI gives for its own statements; the caller reads the SQLState.
                throw new UnableToExecuteStatementException(e, null);
            }
        });
    }

    private static Result store(Connection connection, List<MessageCommand> commands) throws SQLException {
        int n = commands.size();
        UUID[] conversationIds = new UUID[n];
        UUID[] senders = new UUID[n];
        String[] clientIds = new String[n];
        String[] bodies = new String[n];
        for (int i = 0; i < n; i++) {
            MessageCommand c = commands.get(i);
            conversationIds[i] = c.conversationId();
            senders[i] = c.senderId();
            clientIds[i] = c.clientMessageId();
            bodies[i] = c.body();
        }
        OffsetDateTime now = OffsetDateTime.now(java.time.ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        List<Stored> stored = new ArrayList<>(n);
        List<RejectedMessage> rejected = new ArrayList<>();
        // Every row of a conversation carries its member list: decode it once per batch, not once per row.
        Map<UUID, List<UUID>> members = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(STORE_SQL)) {
            statement.setArray(1, connection.createArrayOf("uuid", conversationIds));
            statement.setArray(2, connection.createArrayOf("uuid", senders));
            statement.setArray(3, connection.createArrayOf("text", clientIds));
            statement.setArray(4, connection.createArrayOf("text", bodies));
            statement.setObject(5, now);
            statement.setObject(6, now);
            try (ResultSet rows = statement.executeQuery()) {
                for (int i = 0; rows.next(); i++) {
                    MessageCommand c = commands.get(i);
                    Message message = message(rows);
                    if (message == null) {
                        rejected.add(new RejectedMessage(c.conversationId(), c.senderId(), c.clientMessageId(), "not_found",
                                "conversation not found", c.originNode(), c.originSession()));
                    } else {
                        List<UUID> memberIds = members.get(message.conversationId());
                        if (memberIds == null) {
                            memberIds = memberIds(rows.getArray(10));
                            members.put(message.conversationId(), memberIds);
                        }
                        stored.add(new Stored(message, memberIds, c.originNode(), c.originSession(), c.receivedAtMillis()));
                    }
                }
            }
        }
        // Any order of conversations will do, as long as each one's messages go out in seq order.
        stored.sort(Comparator.comparing((Stored p) -> p.message().conversationId())
                .thenComparingLong(p -> p.message().seq()));
        return new Result(stored, rejected);
    }

    private static Message message(ResultSet rows) throws SQLException {
        UUID id = rows.getObject(1, UUID.class);
        if (id == null) {
            return null;
        }
        OffsetDateTime editedAt = rows.getObject(8, OffsetDateTime.class);
        return new Message(id, rows.getObject(2, UUID.class), rows.getLong(3), rows.getObject(4, UUID.class),
                rows.getString(5), rows.getString(6), rows.getObject(7, OffsetDateTime.class).toInstant(),
                editedAt == null ? null : editedAt.toInstant(), rows.getBoolean(9));
    }

    private static List<UUID> memberIds(Array array) throws SQLException {
        return array == null ? List.of() : List.of((UUID[]) array.getArray());
    }
}
