package io.pulsechat.compat.rest;

import com.codahale.metrics.annotation.Timed;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.auth.Auth;
import io.pulsechat.api.Message;
import io.pulsechat.auth.ChatPrincipal;
import io.pulsechat.compat.FrontendMessages;
import io.pulsechat.db.CompatDao.ChatRow;
import io.pulsechat.db.CompatDao.MemberRow;
import io.pulsechat.core.Memberships;
import io.pulsechat.core.MessageEditor;
import io.pulsechat.db.CompatDao;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** The frontend's conversation and message routes. Non-members get 404, as on the contract's routes. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CompatChatResource {
    static final int PAGE_SIZE = 30;

    private final CompatDao dao;
    private final Memberships memberships;
    private final FrontendMessages view;
    private final MessageEditor editor;
    private final ObjectMapper json;

    public CompatChatResource(CompatDao dao, Memberships memberships, FrontendMessages view, MessageEditor editor,
                              ObjectMapper json) {
        this.dao = dao;
        this.memberships = memberships;
        this.view = view;
        this.editor = editor;
        this.json = json;
    }

    @GET
    @Path("/chats/all")
    @Timed
    public ObjectNode all(@Auth ChatPrincipal principal) {
        List<ChatRow> chats = dao.chatsOf(principal.userId());
        Map<UUID, List<MemberRow>> members = members(chats.stream().map(ChatRow::id).toArray(UUID[]::new));
        ObjectNode answer = json.createObjectNode();
        ArrayNode items = answer.putArray("conversations");
        for (ChatRow chat : chats) {
            ObjectNode conversation = conversation(chat, members.getOrDefault(chat.id(), List.of()));
            conversation.put("lastMessageAt", chat.lastMessageAt().toString());
            ArrayNode last = conversation.putArray("messages");
            if (chat.lastCreatedAt() != null) {
                last.addObject().put("body", chat.lastBody()).putNull("image").put("createdAt", chat.lastCreatedAt().toString());
            }
            items.addObject().put("conversationId", chat.id().toString()).set("conversation", conversation);
        }
        return answer;
    }

    public record ChatIdRequest(String chatId) {}

    @POST
    @Path("/chat/id")
    @Timed
    public ObjectNode byId(@Auth ChatPrincipal principal, ChatIdRequest request) {
        UUID id = uuidOr404(request == null ? null : request.chatId());
        ChatRow chat = dao.chatOf(principal.userId(), id).orElseThrow(() -> new NotFoundException("conversation not found"));
        ObjectNode answer = json.createObjectNode();
        answer.set("conversation", conversation(chat, members(new UUID[] {id}).getOrDefault(id, List.of())));
        return answer;
    }

    @GET
    @Path("/chat/messages")
    @Timed
    public ObjectNode messages(@Auth ChatPrincipal principal, @QueryParam("chatId") String chatId,
                               @QueryParam("pageParam") String pageParam) {
        UUID conversationId = uuidOr404(chatId);
        if (!memberships.isMember(conversationId, principal.userId())) {
            throw new NotFoundException("conversation not found");
        }
        long before = pageParam == null || pageParam.isBlank() ? Long.MAX_VALUE
                : dao.seqOf(conversationId, uuidOr404(pageParam)).orElseThrow(() -> new NotFoundException("message not found"));
        List<Message> page = new ArrayList<>(dao.visibleBefore(conversationId, before, PAGE_SIZE));
        Collections.reverse(page);
        ObjectNode answer = json.createObjectNode();
        ArrayNode items = answer.putArray("messages");
        page.forEach(message -> items.add(view.toFrontend(message)));
        return answer;
    }

    /** The contract's delete: the same rules, and members' `/ws` sessions and Socket.IO sockets hear of it. */
    @DELETE
    @Path("/chat/message")
    @Timed
    public ObjectNode delete(@Auth ChatPrincipal principal, @QueryParam("messageId") String messageId) {
        editor.delete(principal.userId(), uuidOr404(messageId));
        return json.createObjectNode().put("message", "message deleted");
    }

    private Map<UUID, List<MemberRow>> members(UUID[] conversationIds) {
        return dao.membersOf(conversationIds).stream().collect(Collectors.groupingBy(MemberRow::conversationId));
    }

    private ObjectNode conversation(ChatRow chat, List<MemberRow> members) {
        ObjectNode node = json.createObjectNode()
                .put("id", chat.id().toString())
                .put("name", chat.name())
                .put("image", chat.image())
                .put("isGroup", chat.isGroup());
        ArrayNode users = node.putArray("users");
        for (MemberRow member : members) {
            users.addObject().putObject("user").put("id", member.id().toString()).put("email", member.email())
                    .put("name", member.name()).put("image", member.image());
        }
        return node;
    }

    static UUID uuidOr404(String value) {
        try {
            return UUID.fromString(value == null ? "" : value.trim());
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("not found");
        }
    }
}
