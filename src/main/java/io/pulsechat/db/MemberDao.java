package io.pulsechat.db;

import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

public interface MemberDao {
    @SqlQuery("SELECT EXISTS (SELECT 1 FROM members WHERE conversation_id = :conversationId AND user_id = :userId)")
    boolean isMember(@Bind("conversationId") UUID conversationId, @Bind("userId") UUID userId);

    @SqlQuery("SELECT user_id FROM members WHERE conversation_id = :conversationId ORDER BY joined_at, user_id")
    List<UUID> memberIds(@Bind("conversationId") UUID conversationId);
}
