package io.pulsechat.resources;

import com.codahale.metrics.annotation.Timed;
import io.dropwizard.auth.Auth;
import io.pulsechat.api.Conversation;
import io.pulsechat.api.CreateConversationRequest;
import io.pulsechat.api.PublicUser;
import io.pulsechat.auth.ChatPrincipal;
import io.pulsechat.core.ChatException;
import io.pulsechat.core.ConversationRow;
import io.pulsechat.db.ConversationDao;
import io.pulsechat.db.ConversationStore;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

@Path("/api/conversations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConversationResource {
    private final ConversationStore store;
    private final ConversationDao conversations;

    public ConversationResource(ConversationStore store, ConversationDao conversations) {
        this.store = store;
        this.conversations = conversations;
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
        return Response.status(created.isNew() ? Response.Status.CREATED : Response.Status.OK)
                .entity(withMembers(created.id(), me)).build();
    }

    @GET
    @Path("/{id}")
    @Timed
    public Conversation get(@Auth ChatPrincipal principal, @PathParam("id") UUID id) {
        return withMembers(id, principal.userId());
    }

    private Conversation withMembers(UUID id, UUID reader) {
        ConversationRow row = conversations.findForMember(id, reader)
                .orElseThrow(() -> ChatException.notFound("conversation"));
        var members = conversations.members(id).stream()
                .map(m -> new Conversation.Member(new PublicUser(m.userId(), m.name(), m.image(), m.color(), false),
                        m.role(), m.lastReadSeq()))
                .toList();
        return new Conversation(row.id(), row.name(), row.isGroup(), row.image(), row.createdAt(), row.lastMessageAt(),
                row.lastSeq(), row.unreadCount(), null, members);
    }
}
