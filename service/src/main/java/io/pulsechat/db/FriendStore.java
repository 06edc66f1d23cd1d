package io.pulsechat.db;

import io.pulsechat.core.ChatException;
import io.pulsechat.core.FriendRequestRow;
import java.util.UUID;

/**
 * Friend requests and friendships. The database decides every race (one pending request per pair,
 * answers only to pending requests); the lookups here only choose the error that explains a refusal.
 */
public class FriendStore {
    private final FriendDao friends;

    public FriendStore(FriendDao friends) {
        this.friends = friends;
    }

    /**
     * A request crossing one already pending the other way is refused, with the id of that request,
     * so the client can accept it instead: sending is never an implicit "yes" to someone else's request.
     */
    public FriendRequestRow request(UUID sender, UUID receiver) {
        if (sender.equals(receiver)) {
            throw ChatException.badRequest("you cannot send a friend request to yourself");
        }
        var inserted = friends.insertRequest(UUID.randomUUID(), sender, receiver);
        if (inserted.isPresent()) {
            return friends.find(inserted.get()).orElseThrow();
        }
        if (friends.areFriends(sender, receiver)) {
            throw ChatException.conflict("you are already friends");
        }
        var pending = friends.pendingBetween(sender, receiver);
        if (pending.isPresent() && pending.get().senderId().equals(receiver)) {
            throw ChatException.conflict("this user has already sent you a friend request (" + pending.get().id()
                    + "); accept it instead");
        }
        if (pending.isPresent()) {
            throw ChatException.conflict("a friend request to this user is already pending");
        }
        throw ChatException.notFound("user");
    }

    public FriendRequestRow accept(UUID requestId, UUID me) {
        return answered(friends.accept(requestId, me).isPresent(), requestId, me);
    }

    public FriendRequestRow decline(UUID requestId, UUID me) {
        return answered(friends.answer(requestId, me, "declined").isPresent(), requestId, me);
    }

    public void cancel(UUID requestId, UUID me) {
        if (friends.cancel(requestId, me).isEmpty()) {
            var request = friends.find(requestId).filter(r -> r.senderId().equals(me))
                    .orElseThrow(() -> ChatException.notFound("friend request"));
            throw ChatException.conflict("the friend request is already " + request.status());
        }
    }

    public void unfriend(UUID me, UUID other) {
        if (friends.unfriend(me, other) == 0) {
            throw ChatException.notFound("friend");
        }
    }

    /** Only the receiver learns that a request exists: anyone else gets 404, as for a wrong id. */
    private FriendRequestRow answered(boolean changed, UUID requestId, UUID me) {
        var request = friends.find(requestId).filter(r -> r.receiverId().equals(me))
                .orElseThrow(() -> ChatException.notFound("friend request"));
        if (!changed) {
            throw ChatException.conflict("the friend request is already " + request.status());
        }
        return request;
    }
}
