package io.pulsechat.db;

import io.pulsechat.api.Message;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The queries of the frontend's REST routes, over the contract's tables. */
@RegisterConstructorMapper(CompatDao.ChatRow.class)
@RegisterConstructorMapper(CompatDao.MemberRow.class)
@RegisterConstructorMapper(CompatDao.UserRow.class)
@RegisterConstructorMapper(CompatDao.RequestRow.class)
public interface CompatDao {
    /**
     * A conversation with its last visible message, if any. `lastMessageAt` is that message's time, or
     * the conversation's creation until it has one: never null, and it goes back when the newest is deleted.
     */
    record ChatRow(UUID id, String name, String image, boolean isGroup, Instant lastMessageAt, boolean notesToSelf,
                   String lastBody, Instant lastCreatedAt) {}

    record MemberRow(UUID conversationId, UUID id, String email, String name, String image) {}

    record UserRow(UUID id, String name, String image, Instant createdAt) {}

    record RequestRow(UUID id, String status, UUID senderId, UUID receiverId, String senderName, String senderImage,
                      String receiverName, String receiverImage) {}

    /** `notes_to_self` is false, not NULL, for groups (no direct key): NULLs would sort first in `DESC`. */
    String CHAT = "SELECT c.id, c.name, c.image, c.is_group, coalesce(last.created_at, c.created_at) AS last_message_at, "
            + "coalesce(c.direct_key = (me.user_id || ':' || me.user_id), false) AS notes_to_self, last.body AS last_body, "
            + "last.created_at AS last_created_at "
            + "FROM conversations c JOIN members me ON me.conversation_id = c.id AND me.user_id = :userId "
            + "LEFT JOIN LATERAL (SELECT m.body, m.created_at FROM messages m WHERE m.conversation_id = c.id "
            + "AND NOT m.deleted ORDER BY m.seq DESC LIMIT 1) last ON true ";

    /** Notes to self first, then newest activity first. */
    @SqlQuery(CHAT + "ORDER BY notes_to_self DESC, last_message_at DESC, c.id DESC")
    List<ChatRow> chatsOf(@Bind("userId") UUID userId);

    @SqlQuery(CHAT + "WHERE c.id = :id")
    Optional<ChatRow> chatOf(@Bind("userId") UUID userId, @Bind("id") UUID id);

    @SqlQuery("SELECT m.conversation_id, u.id, u.email, u.name, u.image FROM members m JOIN users u ON u.id = m.user_id "
            + "WHERE m.conversation_id = ANY(:ids) ORDER BY m.joined_at, u.id")
    List<MemberRow> membersOf(@Bind("ids") UUID[] conversationIds);

    /** The seq of a message of this conversation, deleted or not: it still works as a cursor. */
    @SqlQuery("SELECT seq FROM messages WHERE id = :id AND conversation_id = :conversationId")
    Optional<Long> seqOf(@Bind("conversationId") UUID conversationId, @Bind("id") UUID messageId);

    /** Newest first, deleted messages left out: the caller reverses the page. */
    @SqlQuery("SELECT " + MessageDao.COLUMNS + " FROM messages WHERE conversation_id = :conversationId AND seq < :beforeSeq "
            + "AND NOT deleted ORDER BY seq DESC LIMIT :limit")
    @RegisterConstructorMapper(Message.class)
    List<Message> visibleBefore(@Bind("conversationId") UUID conversationId, @Bind("beforeSeq") long beforeSeq,
                                @Bind("limit") int limit);

    @SqlQuery("SELECT id, name, image, created_at FROM users WHERE id <> :me "
            + "AND lower(name) LIKE '%' || replace(replace(replace(lower(:query), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%' "
            + "ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
    List<UserRow> searchUsers(@Bind("me") UUID me, @Bind("query") String query, @Bind("limit") int limit,
                              @Bind("offset") long offset);

    String REQUEST = "SELECT r.id, r.status, r.sender_id, r.receiver_id, s.name AS sender_name, s.image AS sender_image, "
            + "v.name AS receiver_name, v.image AS receiver_image FROM friend_requests r "
            + "JOIN users s ON s.id = r.sender_id JOIN users v ON v.id = r.receiver_id ";

    @SqlQuery(REQUEST + "WHERE (r.sender_id = :userId OR r.receiver_id = :userId) AND r.status IN ('pending', 'accepted') "
            + "ORDER BY r.created_at DESC, r.id")
    List<RequestRow> requestsOf(@Bind("userId") UUID userId);

    @SqlQuery(REQUEST + "WHERE r.id = :id")
    Optional<RequestRow> request(@Bind("id") UUID id);
}
