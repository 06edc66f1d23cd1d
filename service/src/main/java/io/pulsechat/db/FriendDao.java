package io.pulsechat.db;

import io.pulsechat.core.FriendRequestRow;
import io.pulsechat.core.Profile;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

@RegisterConstructorMapper(FriendRequestRow.class)
@RegisterConstructorMapper(Profile.class)
public interface FriendDao {
    String REQUEST = "SELECT r.id, r.status, r.created_at, "
            + "s.id AS sender_id, s.name AS sender_name, s.image AS sender_image, s.color AS sender_color, "
            + "v.id AS receiver_id, v.name AS receiver_name, v.image AS receiver_image, v.color AS receiver_color "
            + "FROM friend_requests r JOIN users s ON s.id = r.sender_id JOIN users v ON v.id = r.receiver_id ";

    /**
     * Empty when the receiver does not exist, the two are already friends, or a request is pending
     * between them either way (the partial unique index decides that one, not a prior lookup).
     */
    @SqlQuery("INSERT INTO friend_requests (id, sender_id, receiver_id, status) "
            + "SELECT :id, :sender, u.id, 'pending' FROM users u WHERE u.id = :receiver "
            + "AND NOT EXISTS (SELECT 1 FROM friendships WHERE user_id = :sender AND friend_id = :receiver) "
            + "ON CONFLICT DO NOTHING RETURNING id")
    Optional<UUID> insertRequest(@Bind("id") UUID id, @Bind("sender") UUID sender, @Bind("receiver") UUID receiver);

    @SqlQuery(REQUEST + "WHERE r.id = :id")
    Optional<FriendRequestRow> find(@Bind("id") UUID id);

    @SqlQuery(REQUEST + "WHERE least(r.sender_id, r.receiver_id) = least(:a, :b) "
            + "AND greatest(r.sender_id, r.receiver_id) = greatest(:a, :b) AND r.status = 'pending'")
    Optional<FriendRequestRow> pendingBetween(@Bind("a") UUID a, @Bind("b") UUID b);

    @SqlQuery(REQUEST + "WHERE r.receiver_id = :me AND r.status = 'pending' ORDER BY r.created_at DESC, r.id DESC")
    List<FriendRequestRow> incoming(@Bind("me") UUID me);

    @SqlQuery(REQUEST + "WHERE r.sender_id = :me AND r.status = 'pending' ORDER BY r.created_at DESC, r.id DESC")
    List<FriendRequestRow> outgoing(@Bind("me") UUID me);

    /** Only the receiver answers, and only a pending request; empty otherwise. */
    @SqlQuery("UPDATE friend_requests SET status = :status, responded_at = now() "
            + "WHERE id = :id AND receiver_id = :me AND status = 'pending' RETURNING sender_id")
    Optional<UUID> answer(@Bind("id") UUID id, @Bind("me") UUID me, @Bind("status") String status);

    /** Only the sender cancels, and only a pending request; empty otherwise. */
    @SqlQuery("UPDATE friend_requests SET status = 'cancelled', responded_at = now() "
            + "WHERE id = :id AND sender_id = :me AND status = 'pending' RETURNING id")
    Optional<UUID> cancel(@Bind("id") UUID id, @Bind("me") UUID me);

    @SqlUpdate("INSERT INTO friendships (user_id, friend_id) VALUES (:a, :b), (:b, :a) ON CONFLICT DO NOTHING")
    void befriend(@Bind("a") UUID a, @Bind("b") UUID b);

    /** The request and the friendship it makes, together or not at all. */
    @Transaction
    default Optional<UUID> accept(UUID id, UUID me) {
        Optional<UUID> sender = answer(id, me, "accepted");
        sender.ifPresent(s -> befriend(s, me));
        return sender;
    }

    @SqlUpdate("DELETE FROM friendships WHERE (user_id = :a AND friend_id = :b) OR (user_id = :b AND friend_id = :a)")
    int unfriend(@Bind("a") UUID a, @Bind("b") UUID b);

    @SqlQuery("SELECT EXISTS (SELECT 1 FROM friendships WHERE user_id = :a AND friend_id = :b)")
    boolean areFriends(@Bind("a") UUID a, @Bind("b") UUID b);

    @SqlQuery("SELECT u.id, u.name, u.image, u.color FROM friendships f JOIN users u ON u.id = f.friend_id "
            + "WHERE f.user_id = :me ORDER BY lower(u.name), u.id")
    List<Profile> friends(@Bind("me") UUID me);

    @SqlQuery("SELECT friend_id FROM friendships WHERE user_id = :me")
    List<UUID> friendIds(@Bind("me") UUID me);
}
