package io.pulsechat.db;

import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The Socket.IO sessions saved for recovery (`compat_sessions`); their rooms and recent runs are JSON text. */
@RegisterConstructorMapper(CompatSessionDao.SavedSession.class)
public interface CompatSessionDao {
    record SavedSession(UUID pid, String sid, int generation, UUID userId, String positions, String joined,
                        String recent) {}

    /** Saves each state unless a newer connection has recovered the same pid meanwhile. One round trip. */
    @SqlBatch("INSERT INTO compat_sessions (pid, sid, generation, user_id, positions, joined, recent, expires_at) "
            + "VALUES (:pid, :sid, :generation, :userId, CAST(:positions AS jsonb), CAST(:joined AS jsonb), "
            + "CAST(:recent AS jsonb), now() + make_interval(secs => :windowSeconds)) "
            + "ON CONFLICT (pid) DO UPDATE SET positions = EXCLUDED.positions, joined = EXCLUDED.joined, "
            + "recent = EXCLUDED.recent, expires_at = EXCLUDED.expires_at "
            + "WHERE compat_sessions.generation = EXCLUDED.generation")
    void save(@BindMethods Collection<SavedSession> sessions, @Bind("windowSeconds") double windowSeconds);

    /** Takes over an unexpired session of this user; the next generation owns it from now on. */
    @SqlQuery("UPDATE compat_sessions SET generation = generation + 1 "
            + "WHERE pid = :pid AND user_id = :userId AND expires_at > now() "
            + "RETURNING pid, sid, generation, user_id, positions::text AS positions, joined::text AS joined, "
            + "recent::text AS recent")
    Optional<SavedSession> claim(@Bind("pid") UUID pid, @Bind("userId") UUID userId);

    @SqlUpdate("DELETE FROM compat_sessions WHERE pid = :pid AND generation = :generation")
    void forget(@Bind("pid") UUID pid, @Bind("generation") int generation);

    @SqlUpdate("DELETE FROM compat_sessions WHERE expires_at < now()")
    int deleteExpired();
}
