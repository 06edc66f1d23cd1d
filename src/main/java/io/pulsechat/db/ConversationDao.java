package io.pulsechat.db;

import io.pulsechat.core.ConversationRow;
import io.pulsechat.core.MemberRow;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(ConversationRow.class)
@RegisterConstructorMapper(MemberRow.class)
public interface ConversationDao {
    /** Empty when the pair already has its direct conversation (the unique direct_key decides). */
    @SqlQuery("INSERT INTO conversations (id, is_group, direct_key, created_by) VALUES (:id, false, :directKey, :createdBy) "
            + "ON CONFLICT (direct_key) DO NOTHING RETURNING id")
    Optional<UUID> insertDirect(@Bind("id") UUID id, @Bind("directKey") String directKey, @Bind("createdBy") UUID createdBy);

    @SqlQuery("SELECT id FROM conversations WHERE direct_key = :directKey")
    Optional<UUID> findDirect(@Bind("directKey") String directKey);

    @SqlUpdate("INSERT INTO conversations (id, is_group, name, created_by) VALUES (:id, true, :name, :createdBy)")
    void insertGroup(@Bind("id") UUID id, @Bind("name") String name, @Bind("createdBy") UUID createdBy);

    @SqlUpdate("INSERT INTO members (conversation_id, user_id, role) VALUES (:conversationId, :userId, :role) "
            + "ON CONFLICT DO NOTHING")
    void insertMember(@Bind("conversationId") UUID conversationId, @Bind("userId") UUID userId, @Bind("role") String role);

    @SqlQuery("SELECT count(*) FROM users WHERE id = ANY(:ids)")
    int countUsers(@Bind("ids") UUID[] ids);

    @SqlQuery("SELECT c.id, c.name, c.is_group, c.image, c.created_at, c.last_message_at, c.last_seq, "
            + "(SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.seq > me.last_read_seq "
            + "AND m.sender_id <> me.user_id AND NOT m.deleted) AS unread_count "
            + "FROM conversations c JOIN members me ON me.conversation_id = c.id AND me.user_id = :userId "
            + "WHERE c.id = :id")
    Optional<ConversationRow> findForMember(@Bind("id") UUID id, @Bind("userId") UUID userId);

    @SqlQuery("SELECT u.id AS user_id, u.name, u.image, u.color, m.role, m.last_read_seq FROM members m "
            + "JOIN users u ON u.id = m.user_id WHERE m.conversation_id = :id ORDER BY m.joined_at, u.id")
    List<MemberRow> members(@Bind("id") UUID id);
}
