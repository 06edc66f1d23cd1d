package io.pulsechat.db;

import io.pulsechat.api.Conversation;
import io.pulsechat.api.Message;
import io.pulsechat.api.Page;
import io.pulsechat.api.PublicUser;
import io.pulsechat.core.ChatException;
import io.pulsechat.core.ConversationRow;
import io.pulsechat.core.ConversationSnapshot;
import io.pulsechat.core.ConversationUpdates;
import io.pulsechat.core.MemberRow;
import io.pulsechat.core.PageCursor;
import io.pulsechat.core.PageRows;
import io.pulsechat.core.Presence;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Conversations as their members see them: with the last message, unread counts and who is online. */
public class ConversationViews implements ConversationUpdates.Views {

    private final ConversationDao conversations;
    private final Presence presence;

    public ConversationViews(ConversationDao conversations, Presence presence) {
        this.conversations = conversations;
        this.presence = presence;
    }

    /** 404 for anyone who is not a member, whether or not the conversation exists. */
    public Conversation detail(UUID id, UUID reader) {
        ConversationRow row = conversations.findForMember(id, reader)
                .orElseThrow(() -> ChatException.notFound("conversation"));
        return withMembers(row, conversations.members(id));
    }

    @Override
    public Optional<ConversationSnapshot> snapshot(UUID id) {
        return conversations.find(id).map(row -> {
            List<MemberRow> members = conversations.members(id);
            Map<UUID, Long> unread = members.stream().collect(Collectors.toMap(MemberRow::userId, MemberRow::unreadCount));
            return new ConversationSnapshot(withMembers(row, members), unread);
        });
    }

    @Override
    public Conversation bare(ConversationRow row) {
        return conversation(row, null, null);
    }

    public Page<Conversation> list(UUID reader, String cursor, int limit) {
        List<ConversationRow> rows;
        if (cursor == null) {
            rows = conversations.newest(reader, PageRows.toRead(limit));
        } else {
            PageCursor after = PageCursor.decode(cursor);
            rows = conversations.newestBefore(reader, after.time(), after.id(), PageRows.toRead(limit));
        }
        PageRows<ConversationRow> read = PageRows.of(rows, limit);
        List<ConversationRow> page = read.items();
        Map<UUID, Message> last = lastMessages(page);
        List<Conversation> items = page.stream()
                .map(row -> conversation(row, last.get(row.id()), null))
                .toList();
        String next = null;
        if (read.hasMore()) {
            ConversationRow end = page.get(page.size() - 1);
            next = PageCursor.at(end.lastMessageAt() != null ? end.lastMessageAt() : end.createdAt(), end.id()).encode();
        }
        return new Page<>(items, next);
    }

    private Conversation withMembers(ConversationRow row, List<MemberRow> members) {
        Set<UUID> online = presence.online(members.stream().map(MemberRow::userId).toList());
        List<Conversation.Member> list = members.stream()
                .map(m -> new Conversation.Member(new PublicUser(m.userId(), m.name(), m.image(), m.color(),
                        online.contains(m.userId())), m.role(), m.lastReadSeq()))
                .toList();
        return conversation(row, lastMessages(List.of(row)).get(row.id()), list);
    }

    private Map<UUID, Message> lastMessages(List<ConversationRow> rows) {
        List<ConversationRow> withMessages = rows.stream().filter(r -> r.lastSeq() > 0).toList();
        if (withMessages.isEmpty()) {
            return Map.of();
        }
        return conversations.messagesAt(withMessages.stream().map(ConversationRow::id).toArray(UUID[]::new),
                        withMessages.stream().mapToLong(ConversationRow::lastSeq).toArray())
                .stream().collect(Collectors.toMap(Message::conversationId, Function.identity()));
    }

    private static Conversation conversation(ConversationRow row, Message last, List<Conversation.Member> members) {
        return new Conversation(row.id(), row.name(), row.isGroup(), row.image(), row.createdAt(), row.lastMessageAt(),
                row.lastSeq(), row.unreadCount(), last, members);
    }
}
