package io.pulsechat.db;

import io.pulsechat.core.ChatException;
import io.pulsechat.core.ErrorCode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Creates conversations with their members in one transaction. */
public class ConversationStore {
    public record Created(UUID id, boolean isNew) {}

    private final Jdbi jdbi;

    public ConversationStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The pair's direct conversation: created once, the same one every later time. */
    public Created direct(UUID me, UUID other) {
        if (me.equals(other)) {
            throw ChatException.badRequest("a direct conversation needs one other member");
        }
        String key = me.compareTo(other) < 0 ? me + ":" + other : other + ":" + me;
        return jdbi.inTransaction(h -> {
            ConversationDao dao = h.attach(ConversationDao.class);
            requireUsers(dao, Set.of(other));
            var inserted = dao.insertDirect(UUID.randomUUID(), key, me);
            if (inserted.isEmpty()) {
                return new Created(dao.findDirect(key).orElseThrow(), false);
            }
            dao.insertMember(inserted.get(), me, "member");
            dao.insertMember(inserted.get(), other, "member");
            return new Created(inserted.get(), true);
        });
    }

    public Created group(UUID creator, String name, List<UUID> memberIds) {
        Set<UUID> others = new LinkedHashSet<>(memberIds);
        others.remove(creator);
        return jdbi.inTransaction(h -> {
            ConversationDao dao = h.attach(ConversationDao.class);
            requireUsers(dao, others);
            UUID id = UUID.randomUUID();
            dao.insertGroup(id, name, creator);
            dao.insertMember(id, creator, "admin");
            others.forEach(member -> dao.insertMember(id, member, "member"));
            return new Created(id, true);
        });
    }

    private static void requireUsers(ConversationDao dao, Set<UUID> ids) {
        if (dao.countUsers(ids.toArray(UUID[]::new)) != ids.size()) {
            throw new ChatException(ErrorCode.NOT_FOUND, "user not found");
        }
    }
}
