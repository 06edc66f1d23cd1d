package io.pulsechat.compat.rest;

import static io.pulsechat.compat.rest.CompatChatResource.uuidOr404;

import com.codahale.metrics.annotation.Timed;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.auth.Auth;
import io.pulsechat.auth.ChatPrincipal;
import io.pulsechat.db.CompatDao.RequestRow;
import io.pulsechat.core.FriendNews;
import io.pulsechat.db.CompatDao;
import io.pulsechat.db.ConversationStore;
import io.pulsechat.core.ConversationUpdates;
import io.pulsechat.db.FriendStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/**
 * The frontend's friend routes, as adapters over the contract's {@link FriendStore} (the same rules).
 * Only the receiver of a request accepts or declines it; anyone else gets 404 for it. Accepting tells
 * both users' sessions what the contract's accept does (each other's presence), and the direct
 * conversation it opens, when new, as `conversation-updated`.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CompatPeopleResource {
    private final CompatDao dao;
    private final FriendStore friends;
    private final ConversationStore conversations;
    private final FriendNews friendNews;
    private final ConversationUpdates conversationUpdates;
    private final ObjectMapper json;

    public CompatPeopleResource(CompatDao dao, FriendStore friends, ConversationStore conversations, FriendNews friendNews,
                                ConversationUpdates conversationUpdates, ObjectMapper json) {
        this.dao = dao;
        this.friends = friends;
        this.conversations = conversations;
        this.friendNews = friendNews;
        this.conversationUpdates = conversationUpdates;
        this.json = json;
    }

    @GET
    @Path("/friend/requests")
    @Timed
    public ObjectNode requests(@Auth ChatPrincipal principal) {
        ObjectNode answer = json.createObjectNode();
        ArrayNode items = answer.putArray("friendRequests");
        for (RequestRow r : dao.requestsOf(principal.userId())) {
            ObjectNode item = items.addObject().put("id", r.id().toString()).put("status", r.status())
                    .put("senderId", r.senderId().toString()).put("receiverId", r.receiverId().toString());
            item.putObject("sender").put("id", r.senderId().toString()).put("name", r.senderName()).put("image", r.senderImage());
            item.putObject("receiver").put("id", r.receiverId().toString()).put("name", r.receiverName())
                    .put("image", r.receiverImage());
        }
        return answer;
    }

    public record SendRequest(String friendId) {}

    @POST
    @Path("/friendrequest/send")
    @Timed
    public Response send(@Auth ChatPrincipal principal, SendRequest request) {
        UUID friendId = uuidOr404(request == null ? null : request.friendId());
        if (friendId.equals(principal.userId())) {
            throw new WebApplicationException("you cannot befriend yourself", 422);
        }
        UUID id = friends.request(principal.userId(), friendId).id();
        ObjectNode answer = json.createObjectNode().put("message", "friend request sent");
        answer.putObject("friendRequest").put("id", id.toString());
        return Response.status(Response.Status.CREATED).entity(answer).build();
    }

    public record AcceptRequest(String requestId, String friendId) {}

    @POST
    @Path("/friend/accept")
    @Timed
    public ObjectNode accept(@Auth ChatPrincipal principal, AcceptRequest request) {
        RequestRow r = receivedRequest(principal, request == null ? null : request.requestId());
        if (request.friendId() != null && !request.friendId().equals(r.senderId().toString())) {
            throw new WebApplicationException("friendId is not the sender of this request", 422);
        }
        // Accepting again is answered like the first time: the frontend only wants the conversation.
        if (!r.status().equals("accepted")) {
            friends.accept(r.id(), principal.userId());
            friendNews.befriended(r.senderId(), principal.userId());
        }
        ConversationStore.Created direct = conversations.direct(principal.userId(), r.senderId());
        if (direct.isNew()) {
            conversationUpdates.created(direct.id());
        }
        ObjectNode answer = json.createObjectNode();
        answer.putObject("newConversation").put("id", direct.id().toString());
        return answer;
    }

    public record DeclineRequest(String requestId) {}

    @POST
    @Path("/friend/decline")
    @Timed
    public ObjectNode decline(@Auth ChatPrincipal principal, DeclineRequest request) {
        RequestRow r = receivedRequest(principal, request == null ? null : request.requestId());
        friends.decline(r.id(), principal.userId());
        return json.createObjectNode().put("message", "friend request declined");
    }

    /** The request, when the caller is its receiver; 404 for anyone else, the sender included. */
    private RequestRow receivedRequest(ChatPrincipal principal, String requestId) {
        return dao.request(uuidOr404(requestId))
                .filter(r -> r.receiverId().equals(principal.userId()))
                .orElseThrow(() -> new NotFoundException("friend request not found"));
    }
}
