package io.pulsechat.resources;

import com.codahale.metrics.annotation.Timed;
import io.dropwizard.auth.Auth;
import io.pulsechat.api.EditMessageRequest;
import io.pulsechat.api.Message;
import io.pulsechat.api.MessagePage;
import io.pulsechat.api.PendingMessage;
import io.pulsechat.api.SendMessageRequest;
import io.pulsechat.auth.ChatPrincipal;
import io.pulsechat.core.ChatException;
import io.pulsechat.core.Memberships;
import io.pulsechat.core.MessageService;
import io.pulsechat.core.PageRows;
import io.pulsechat.core.PendingMessages;
import io.pulsechat.db.MessageDao;
import io.pulsechat.core.MessageEditor;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

@Path("/api/messages")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MessageResource {
    private final MessageService messages;
    private final PendingMessages pending;
    private final Memberships memberships;
    private final MessageDao history;
    private final MessageEditor editor;
    private final Duration persistWait;

    public MessageResource(MessageService messages, PendingMessages pending, Memberships memberships,
                           MessageDao history, MessageEditor editor, Duration persistWait) {
        this.messages = messages;
        this.pending = pending;
        this.memberships = memberships;
        this.history = history;
        this.editor = editor;
        this.persistWait = persistWait;
    }

    @GET
    @Timed
    public MessagePage list(@Auth ChatPrincipal principal,
                            @QueryParam("conversationId") @NotNull UUID conversationId,
                            @QueryParam("afterSeq") @Min(0) Long afterSeq,
                            @QueryParam("beforeSeq") @Min(1) Long beforeSeq,
                            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        if (afterSeq != null && beforeSeq != null) {
            throw ChatException.badRequest("give afterSeq or beforeSeq, not both");
        }
        if (!memberships.isMember(conversationId, principal.userId())) {
            throw ChatException.notFound("conversation");
        }
        if (afterSeq != null) {
            var page = PageRows.of(history.after(conversationId, afterSeq, PageRows.toRead(limit)), limit);
            return new MessagePage(page.items(), page.hasMore());
        }
        var newestFirst = PageRows.of(history.beforeDescending(conversationId,
                beforeSeq == null ? Long.MAX_VALUE : beforeSeq, PageRows.toRead(limit)), limit);
        List<Message> ascending = new ArrayList<>(newestFirst.items());
        Collections.reverse(ascending);
        return new MessagePage(ascending, newestFirst.hasMore());
    }

    /** Sends through the same pipeline as the WebSocket and waits, within limits, for the message to be stored. */
    @POST
    @Timed
    public Response send(@Auth ChatPrincipal principal, @NotNull @Valid SendMessageRequest request)
            throws InterruptedException {
        CompletableFuture<Message> stored = pending.register(principal.userId(), request.clientMessageId());
        try {
            messages.send(principal.userId(), request.conversationId(), request.clientMessageId(), request.body(), null)
                    .get(persistWait.toMillis(), TimeUnit.MILLISECONDS);
            Message message = stored.get(persistWait.toMillis(), TimeUnit.MILLISECONDS);
            return Response.status(Response.Status.CREATED).entity(message).build();
        } catch (TimeoutException e) {
            return Response.status(Response.Status.ACCEPTED).entity(PendingMessage.of(request.clientMessageId())).build();
        } catch (ExecutionException e) {
            throw ChatException.ofFailedSend(e);
        } finally {
            stored.cancel(false);
        }
    }

    @PATCH
    @Path("/{id}")
    @Timed
    public Message edit(@Auth ChatPrincipal principal, @PathParam("id") UUID id, @NotNull @Valid EditMessageRequest request) {
        return editor.edit(principal.userId(), id, request.body());
    }

    @DELETE
    @Path("/{id}")
    @Timed
    public Response delete(@Auth ChatPrincipal principal, @PathParam("id") UUID id) {
        editor.delete(principal.userId(), id);
        return Response.noContent().build();
    }
}
