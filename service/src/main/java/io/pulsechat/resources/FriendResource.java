package io.pulsechat.resources;

import com.codahale.metrics.annotation.Timed;
import io.dropwizard.auth.Auth;
import io.pulsechat.api.FriendRequest;
import io.pulsechat.api.PublicUser;
import io.pulsechat.api.UserRef;
import io.pulsechat.auth.ChatPrincipal;
import io.pulsechat.core.ChatException;
import io.pulsechat.core.FriendNews;
import io.pulsechat.core.FriendRequestRow;
import io.pulsechat.core.Presence;
import io.pulsechat.core.Profile;
import io.pulsechat.db.FriendDao;
import io.pulsechat.db.FriendStore;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Friend requests and friends: only the receiver answers a request, only the sender cancels it. New
 * friends hear each other's presence at once.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FriendResource {
    private final FriendStore store;
    private final FriendDao friends;
    private final Presence presence;
    private final FriendNews news;

    public FriendResource(FriendStore store, FriendDao friends, Presence presence, FriendNews news) {
        this.store = store;
        this.friends = friends;
        this.presence = presence;
        this.news = news;
    }

    @POST
    @Path("/friend-requests")
    @Timed
    public Response send(@Auth ChatPrincipal principal, @NotNull @Valid UserRef request) {
        FriendRequestRow sent = store.request(principal.userId(), request.userId());
        return Response.status(Response.Status.CREATED).entity(toApi(List.of(sent)).get(0)).build();
    }

    @GET
    @Path("/friend-requests")
    @Timed
    public List<FriendRequest> pending(@Auth ChatPrincipal principal, @QueryParam("direction") String direction) {
        if ("incoming".equals(direction)) {
            return toApi(friends.incoming(principal.userId()));
        }
        if ("outgoing".equals(direction)) {
            return toApi(friends.outgoing(principal.userId()));
        }
        throw ChatException.badRequest("direction must be incoming or outgoing");
    }

    @POST
    @Path("/friend-requests/{id}/accept")
    @Timed
    public FriendRequest accept(@Auth ChatPrincipal principal, @PathParam("id") UUID id) {
        FriendRequestRow accepted = store.accept(id, principal.userId());
        news.befriended(accepted.senderId(), accepted.receiverId());
        return toApi(List.of(accepted)).get(0);
    }

    @POST
    @Path("/friend-requests/{id}/decline")
    @Timed
    public FriendRequest decline(@Auth ChatPrincipal principal, @PathParam("id") UUID id) {
        return toApi(List.of(store.decline(id, principal.userId()))).get(0);
    }

    @DELETE
    @Path("/friend-requests/{id}")
    @Timed
    public Response cancel(@Auth ChatPrincipal principal, @PathParam("id") UUID id) {
        store.cancel(id, principal.userId());
        return Response.noContent().build();
    }

    @GET
    @Path("/friends")
    @Timed
    public List<PublicUser> friends(@Auth ChatPrincipal principal) {
        List<Profile> list = friends.friends(principal.userId());
        Set<UUID> online = presence.online(list.stream().map(Profile::id).toList());
        return list.stream().map(p -> p.toPublicUser(online.contains(p.id()))).toList();
    }

    @DELETE
    @Path("/friends/{userId}")
    @Timed
    public Response unfriend(@Auth ChatPrincipal principal, @PathParam("userId") UUID userId) {
        store.unfriend(principal.userId(), userId);
        return Response.noContent().build();
    }

    private List<FriendRequest> toApi(List<FriendRequestRow> rows) {
        Set<UUID> online = presence.online(rows.stream().flatMap(r -> Stream.of(r.senderId(), r.receiverId()))
                .distinct().toList());
        return rows.stream().map(r -> new FriendRequest(r.id(), r.sender().toPublicUser(online.contains(r.senderId())),
                r.receiver().toPublicUser(online.contains(r.receiverId())), r.status(), r.createdAt())).toList();
    }
}
