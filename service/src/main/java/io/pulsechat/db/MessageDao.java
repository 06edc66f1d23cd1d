package io.pulsechat.db;

import io.pulsechat.api.Message;
import io.pulsechat.core.MessageEditor;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.QueryTimeOut;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

@RegisterConstructorMapper(Message.class)
public interface MessageDao extends MessageEditor.Revisions {
    /** Deleted messages keep their place in history as tombstones, without their body. */
    String COLUMNS = "id, conversation_id, seq, sender_id, client_message_id, "
            + "CASE WHEN deleted THEN NULL ELSE body END AS body, created_at, edited_at, deleted";

    @SqlQuery("SELECT " + COLUMNS + " FROM messages WHERE conversation_id = :conversationId AND seq > :afterSeq "
            + "ORDER BY seq LIMIT :limit")
    List<Message> after(@Bind("conversationId") UUID conversationId, @Bind("afterSeq") long afterSeq,
                        @Bind("limit") int limit);

    /** Newest first: the caller reverses the page. */
    @SqlQuery("SELECT " + COLUMNS + " FROM messages WHERE conversation_id = :conversationId AND seq < :beforeSeq "
            + "ORDER BY seq DESC LIMIT :limit")
    List<Message> beforeDescending(@Bind("conversationId") UUID conversationId, @Bind("beforeSeq") long beforeSeq,
                                   @Bind("limit") int limit);

    /**
     * Messages stored since a time, in the conversations active since then (the activity index finds
     * them), at most the last {@code perConversation} of each, ordered by conversation and seq.
     */
    @SqlQuery("SELECT m.id, m.conversation_id, m.seq, m.sender_id, m.client_message_id, "
            + "CASE WHEN m.deleted THEN NULL ELSE m.body END AS body, m.created_at, m.edited_at, m.deleted "
            + "FROM conversations c JOIN messages m ON m.conversation_id = c.id AND m.seq > c.last_seq - :perConversation "
            + "WHERE coalesce(c.last_message_at, c.created_at) > :since AND m.created_at > :since "
            + "ORDER BY m.conversation_id, m.seq LIMIT :limit")
    @QueryTimeOut(5)
    List<Message> storedSince(@Bind("since") java.time.OffsetDateTime since, @Bind("perConversation") int perConversation,
                              @Bind("limit") int limit);

    @Override
    @SqlQuery("SELECT " + COLUMNS + " FROM messages WHERE id = :id")
    Optional<Message> findById(@Bind("id") UUID id);

    /** Only the author edits, and only a message that is not deleted; empty otherwise. */
    @Override
    @SqlQuery("UPDATE messages SET body = :body, edited_at = now() WHERE id = :id AND sender_id = :senderId "
            + "AND NOT deleted RETURNING " + COLUMNS)
    Optional<Message> edit(@Bind("id") UUID id, @Bind("senderId") UUID senderId, @Bind("body") String body);

    /** The text goes for good; the row stays so that seqs keep their place in history. */
    @Override
    @SqlQuery("UPDATE messages SET deleted = true, body = NULL WHERE id = :id AND sender_id = :senderId "
            + "AND NOT deleted RETURNING " + COLUMNS)
    Optional<Message> delete(@Bind("id") UUID id, @Bind("senderId") UUID senderId);
}
