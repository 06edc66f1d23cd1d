package io.pulsechat.db;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

public interface MemberDao {
    @SqlQuery("SELECT EXISTS (SELECT 1 FROM members WHERE conversation_id = :conversationId AND user_id = :userId)")
    boolean isMember(@Bind("conversationId") UUID conversationId, @Bind("userId") UUID userId);

    @SqlQuery("SELECT user_id FROM members WHERE conversation_id = :conversationId ORDER BY joined_at, user_id")
    List<UUID> memberIds(@Bind("conversationId") UUID conversationId);

    /** What a user's sessions on a node need to hear. */
    @SqlQuery("SELECT conversation_id FROM members WHERE user_id = :userId")
    List<UUID> conversationIds(@Bind("userId") UUID userId);

    /**
     * Moves the member's last read seq forward, never back, and never past the last message. Answers
     * the new value only when it moved.
     */
    @SqlQuery("UPDATE members me SET last_read_seq = least(:seq, c.last_seq) FROM conversations c "
            + "WHERE me.conversation_id = :conversationId AND me.user_id = :userId AND c.id = me.conversation_id "
            + "AND least(:seq, c.last_seq) > me.last_read_seq RETURNING me.last_read_seq")
    Optional<Long> advanceRead(@Bind("conversationId") UUID conversationId, @Bind("userId") UUID userId,
                               @Bind("seq") long seq);
}
