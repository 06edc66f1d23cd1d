package io.pulsechat.resources;

import com.codahale.metrics.annotation.Timed;
import io.dropwizard.auth.Auth;
import io.pulsechat.api.Conversation;
import io.pulsechat.api.CreateConversationRequest;
import io.pulsechat.api.Page;
import io.pulsechat.api.ReadRequest;
import io.pulsechat.api.UpdateConversationRequest;
import io.pulsechat.api.UserRef;
import io.pulsechat.auth.ChatPrincipal;
import io.pulsechat.core.ChatException;
import io.pulsechat.core.ConversationUpdates;
import io.pulsechat.core.MemberRemoval;
import io.pulsechat.core.ReadReceipts;
import io.pulsechat.db.ConversationStore;
import io.pulsechat.db.ConversationViews;
import io.pulsechat.db.GroupAdmin;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** Conversations: anyone who is not a member gets 404 for one, whatever they ask. */
@Path("/api/conversations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConversationResource {
    private final ConversationStore store;
    private final GroupAdmin groups;
    private final ConversationViews views;
    private final ConversationUpdates updates;
    private final ReadReceipts reads;

    public ConversationResource(ConversationStore store, GroupAdmin groups, ConversationViews views,
                                ConversationUpdates updates, ReadReceipts reads) {
        this.store = store;
        this.groups = groups;
        this.views = views;
        this.updates = updates;
        this.reads = reads;
    }

    @POST
    @Timed
    public Response create(@Auth ChatPrincipal principal, @NotNull @Valid CreateConversationRequest request) {
        UUID me = principal.userId();
        ConversationStore.Created created;
        if (request.isGroup()) {
            if (request.name() == null || request.name().isBlank()) {
                throw ChatException.badRequest("a group needs a name");
            }
            created = store.group(me, request.name().strip(), request.memberIds());
        } else {
            var others = request.memberIds().stream().filter(id -> !id.equals(me)).distinct().toList();
            if (others.size() != 1) {
                throw ChatException.badRequest("a direct conversation has exactly one other member");
            }
            created = store.direct(me, others.get(0));
        }
        if (created.isNew()) {
            updates.created(created.id());
        }
        return Response.status(created.isNew() ? Response.Status.CREATED : Response.Status.OK)
                .entity(views.detail(created.id(), me)).build();
    }

    /** Newest activity first; see {@link ConversationViews#list} for how the cursor stays correct. */
    @GET
    @Timed
    public Page<Conversation> list(@Auth ChatPrincipal principal,
                                   @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit,
                                   @QueryParam("cursor") String cursor) {
        return views.list(principal.userId(), cursor, limit);
    }

    @GET
    @Path("/{id}")
    @Timed
    public Conversation get(@Auth ChatPrincipal principal, @PathParam("id") UUID id) {
        return views.detail(id, principal.userId());
    }

    @PATCH
    @Path("/{id}")
    @Timed
    public Conversation update(@Auth ChatPrincipal principal, @PathParam("id") UUID id,
                               @NotNull @Valid UpdateConversationRequest request) {
        String name = request.name() == null ? null : request.name().strip();
        groups.update(id, principal.userId(), name, request.image());
        updates.changed(id);
        return views.detail(id, principal.userId());
    }

    @POST
    @Path("/{id}/members")
    @Timed
    public Conversation addMember(@Auth ChatPrincipal principal, @PathParam("id") UUID id,
                                  @NotNull @Valid UserRef request) {
        groups.add(id, principal.userId(), request.userId());
        updates.added(id, request.userId());
        return views.detail(id, principal.userId());
    }

    /** An admin removes a member; a member removes themself to leave. */
    @DELETE
    @Path("/{id}/members/{userId}")
    @Timed
    public Response removeMember(@Auth ChatPrincipal principal, @PathParam("id") UUID id,
                                 @PathParam("userId") UUID userId) {
        MemberRemoval removal = groups.remove(id, principal.userId(), userId);
        updates.removed(id, userId, removal);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/read")
    @Timed
    public Response read(@Auth ChatPrincipal principal, @PathParam("id") UUID id, @NotNull @Valid ReadRequest request) {
        reads.markRead(principal.userId(), id, request.seq());
        return Response.noContent().build();
    }
}
