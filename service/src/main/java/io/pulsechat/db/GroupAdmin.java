package io.pulsechat.db;

import io.pulsechat.core.ChatException;
import io.pulsechat.core.ConversationRow;
import io.pulsechat.core.MemberRemoval;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Renames groups and changes their members. Each change locks the conversation row first, so that
 * concurrent changes of one group (two admins leaving at once) happen one after the other and the
 * checks below hold until the commit.
 */
public class GroupAdmin {
    private final Jdbi jdbi;

    public GroupAdmin(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void update(UUID conversationId, UUID actor, String name, String image) {
        jdbi.useTransaction(h -> {
            ConversationDao dao = h.attach(ConversationDao.class);
            requireAdmin(standing(dao, conversationId, actor), "change the group");
            dao.update(conversationId, name, image);
        });
    }

    public void add(UUID conversationId, UUID actor, UUID userId) {
        jdbi.useTransaction(h -> {
            ConversationDao dao = h.attach(ConversationDao.class);
            requireAdmin(standing(dao, conversationId, actor), "add members");
            if (dao.countUsers(new UUID[] {userId}) != 1) {
                throw ChatException.notFound("user");
            }
            if (dao.addMember(conversationId, userId) == 0) {
                throw ChatException.conflict("the user is already a member");
            }
        });
    }

    /** An admin removes anyone; any member removes themself (leaves). */
    public MemberRemoval remove(UUID conversationId, UUID actor, UUID userId) {
        return jdbi.inTransaction(h -> {
            ConversationDao dao = h.attach(ConversationDao.class);
            ConversationDao.Standing standing = standing(dao, conversationId, actor);
            if (!standing.isGroup()) {
                throw ChatException.badRequest("nobody leaves a direct conversation");
            }
            if (!actor.equals(userId)) {
                requireAdmin(standing, "remove other members");
            }
            ConversationRow before = dao.findForMember(conversationId, userId)
                    .orElseThrow(() -> ChatException.notFound("member"));
            dao.removeMember(conversationId, userId);
            dao.handOverAdmin(conversationId);
            return new MemberRemoval(before, dao.deleteIfEmpty(conversationId) == 1);
        });
    }

    private static ConversationDao.Standing standing(ConversationDao dao, UUID conversationId, UUID actor) {
        return dao.lockStanding(conversationId, actor).orElseThrow(() -> ChatException.notFound("conversation"));
    }

    private static void requireAdmin(ConversationDao.Standing standing, String what) {
        if (!standing.isGroup()) {
            throw ChatException.badRequest("a direct conversation has no admin; nobody may " + what);
        }
        if (!standing.isAdmin()) {
            throw ChatException.forbidden("only an admin may " + what);
        }
    }
}
