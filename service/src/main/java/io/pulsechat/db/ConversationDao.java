package io.pulsechat.db;

import io.pulsechat.api.Message;
import io.pulsechat.core.ConversationRow;
import io.pulsechat.core.MemberRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

@RegisterConstructorMapper(ConversationRow.class)
@RegisterConstructorMapper(MemberRow.class)
@RegisterConstructorMapper(ConversationDao.Standing.class)
public interface ConversationDao {
    /** What a member may do in a conversation: its kind and the member's role. */
    record Standing(boolean isGroup, String role) {
        public boolean isAdmin() {
            return "admin".equals(role);
        }
    }

    /** Messages after the member's last read one, that others sent and nobody deleted. */
    String UNREAD = "(SELECT count(*) FROM messages m WHERE m.conversation_id = me.conversation_id "
            + "AND m.seq > me.last_read_seq AND m.sender_id <> me.user_id AND NOT m.deleted)";
    String ROW = "SELECT c.id, c.name, c.is_group, c.image, c.created_at, c.last_message_at, c.last_seq, "
            + UNREAD + " AS unread_count FROM conversations c JOIN members me ON me.conversation_id = c.id ";
    String ACTIVITY = "coalesce(c.last_message_at, c.created_at)";
    String NEWEST_FIRST = " ORDER BY " + ACTIVITY + " DESC, c.id DESC LIMIT :limit";

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

    @SqlQuery(ROW + "WHERE c.id = :id AND me.user_id = :userId")
    Optional<ConversationRow> findForMember(@Bind("id") UUID id, @Bind("userId") UUID userId);

    @SqlQuery("SELECT id, name, is_group, image, created_at, last_message_at, last_seq, 0 AS unread_count "
            + "FROM conversations WHERE id = :id")
    Optional<ConversationRow> find(@Bind("id") UUID id);

    @SqlQuery(ROW + "WHERE me.user_id = :userId" + NEWEST_FIRST)
    List<ConversationRow> newest(@Bind("userId") UUID userId, @Bind("limit") int limit);

    /** The page after a cursor: keyset on (activity, id), so rows that move up never repeat on later pages. */
    @SqlQuery(ROW + "WHERE me.user_id = :userId AND (" + ACTIVITY + ", c.id) < (:at, :afterId)" + NEWEST_FIRST)
    List<ConversationRow> newestBefore(@Bind("userId") UUID userId, @Bind("at") Instant at,
                                       @Bind("afterId") UUID afterId, @Bind("limit") int limit);

    /** The message at each conversation's last seq: the latest one, a tombstone if it was deleted. */
    @SqlQuery("SELECT " + MessageDao.COLUMNS + " FROM messages "
            + "JOIN unnest(:ids, :seqs) AS k(conversation_id, seq) USING (conversation_id, seq)")
    @RegisterConstructorMapper(Message.class)
    List<Message> messagesAt(@Bind("ids") UUID[] conversationIds, @Bind("seqs") long[] seqs);

    @SqlQuery("SELECT u.id AS user_id, u.name, u.image, u.color, me.role, me.last_read_seq, " + UNREAD + " AS unread_count "
            + "FROM members me JOIN users u ON u.id = me.user_id WHERE me.conversation_id = :id "
            + "ORDER BY me.joined_at, u.id")
    List<MemberRow> members(@Bind("id") UUID id);

    /** Locks the conversation for a membership change; empty when the user is not a member. */
    @SqlQuery("SELECT c.is_group, me.role FROM conversations c JOIN members me ON me.conversation_id = c.id "
            + "AND me.user_id = :userId WHERE c.id = :id FOR UPDATE OF c")
    Optional<Standing> lockStanding(@Bind("id") UUID id, @Bind("userId") UUID userId);

    @SqlUpdate("UPDATE conversations SET name = coalesce(:name, name), image = coalesce(:image, image) WHERE id = :id")
    void update(@Bind("id") UUID id, @Bind("name") String name, @Bind("image") String image);

    /** A newcomer sees the history but starts with nothing unread. Zero rows when already a member. */
    @SqlUpdate("INSERT INTO members (conversation_id, user_id, role, last_read_seq) "
            + "SELECT id, :userId, 'member', last_seq FROM conversations WHERE id = :id ON CONFLICT DO NOTHING")
    int addMember(@Bind("id") UUID id, @Bind("userId") UUID userId);

    @SqlUpdate("DELETE FROM members WHERE conversation_id = :id AND user_id = :userId")
    int removeMember(@Bind("id") UUID id, @Bind("userId") UUID userId);

    /** With no admin left, the member who joined first becomes one. */
    @SqlUpdate("UPDATE members SET role = 'admin' WHERE conversation_id = :id AND user_id = "
            + "(SELECT user_id FROM members WHERE conversation_id = :id ORDER BY joined_at, user_id LIMIT 1) "
            + "AND NOT EXISTS (SELECT 1 FROM members WHERE conversation_id = :id AND role = 'admin')")
    int handOverAdmin(@Bind("id") UUID id);

    /** A group nobody is left in is deleted with its history: no one could ever read it again. */
    @SqlUpdate("DELETE FROM conversations WHERE id = :id AND NOT EXISTS (SELECT 1 FROM members WHERE conversation_id = :id)")
    int deleteIfEmpty(@Bind("id") UUID id);

    /** How far the conversation's messages go: 0 before the first, empty when there is no such conversation. */
    @SqlQuery("SELECT last_seq FROM conversations WHERE id = :id")
    Optional<Long> lastSeq(@Bind("id") UUID id);

    @SqlQuery("SELECT id, last_seq FROM conversations WHERE id = ANY(:ids)")
    @KeyColumn("id")
    @ValueColumn("last_seq")
    Map<UUID, Long> lastSeqs(@Bind("ids") UUID[] ids);
}
