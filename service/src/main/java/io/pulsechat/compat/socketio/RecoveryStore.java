package io.pulsechat.compat.socketio;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Socket.IO sessions in PostgreSQL, so that any node, even after a restart, can recover them. A
 * saved session lasts `compat.recoveryWindow` after its last save.
 */
public class RecoveryStore {
    private static final Logger LOG = LoggerFactory.getLogger(RecoveryStore.class);
    private static final TypeReference<Map<UUID, Long>> POSITIONS = new TypeReference<>() {};
    private static final TypeReference<List<String>> RECENT = new TypeReference<>() {};
    /** Saves the state unless a newer connection has recovered the same pid meanwhile. */
    private static final String SAVE = "INSERT INTO compat_sessions (pid, sid, generation, user_id, positions, joined, recent, "
            + "expires_at) VALUES (:pid, :sid, :generation, :userId, CAST(:positions AS jsonb), CAST(:joined AS jsonb), "
            + "CAST(:recent AS jsonb), now() + make_interval(secs => :windowSeconds)) "
            + "ON CONFLICT (pid) DO UPDATE SET positions = EXCLUDED.positions, joined = EXCLUDED.joined, "
            + "recent = EXCLUDED.recent, expires_at = EXCLUDED.expires_at "
            + "WHERE compat_sessions.generation = EXCLUDED.generation";

    private final Jdbi jdbi;
    private final ObjectMapper json;
    private final Duration window;

    public RecoveryStore(Jdbi jdbi, ObjectMapper json, Duration window) {
        this.jdbi = jdbi;
        this.json = json;
        this.window = window;
    }

    void save(SessionState state) {
        saveAll(List.of(state));
    }

    /**
     * Saves the socket's state now, or, when that fails, marks it changed so that the periodic save
     * retries it: what called for the save (a connect, a room change) stands meanwhile, only not yet
     * recoverable.
     */
    void saveOrRetryLater(CompatSocket socket) {
        try {
            save(socket.snapshot());
        } catch (RuntimeException e) {
            socket.markChanged();
            LOG.warn("saving Socket.IO session {} for recovery failed; the next periodic save retries: {}", socket.pid(),
                    e.toString());
        }
    }

    /** One round trip for many sessions. */
    void saveAll(Collection<SessionState> states) {
        if (states.isEmpty()) {
            return;
        }
        jdbi.useHandle(h -> {
            PreparedBatch batch = h.prepareBatch(SAVE);
            for (SessionState state : states) {
                batch.bind("pid", state.pid())
                        .bind("sid", state.sid())
                        .bind("generation", state.generation())
                        .bind("userId", state.userId())
                        .bind("positions", write(state.positions()))
                        .bind("joined", write(state.joined()))
                        .bind("recent", write(state.recent()))
                        .bind("windowSeconds", (double) window.toSeconds())
                        .add();
            }
            batch.execute();
        });
    }

    /** Takes over an unexpired session of this user; the next generation owns it from now on. */
    Optional<SessionState> claim(UUID pid, UUID userId) {
        return jdbi.withHandle(h -> h.createQuery("UPDATE compat_sessions SET generation = generation + 1 "
                        + "WHERE pid = :pid AND user_id = :userId AND expires_at > now() "
                        + "RETURNING sid, generation, positions::text AS positions, joined::text AS joined, "
                        + "recent::text AS recent")
                .bind("pid", pid)
                .bind("userId", userId)
                .map((rs, ctx) -> new SessionState(pid, rs.getString("sid"), userId, rs.getInt("generation"),
                        read(rs.getString("positions"), POSITIONS), read(rs.getString("joined"), POSITIONS),
                        read(rs.getString("recent"), RECENT)))
                .findOne());
    }

    /** A session the client closed itself is not for recovery. */
    void forget(UUID pid, int generation) {
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM compat_sessions WHERE pid = :pid AND generation = :generation")
                .bind("pid", pid).bind("generation", generation).execute());
    }

    int deleteExpired() {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM compat_sessions WHERE expires_at < now()").execute());
    }

    /** Each room's last seq: how far a recovery has to go. */
    Map<UUID, Long> lastSeqs(Collection<UUID> rooms) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, last_seq FROM conversations WHERE id = ANY(:ids)")
                .bind("ids", rooms.toArray(UUID[]::new))
                .reduceRows(new HashMap<UUID, Long>(), (map, row) -> {
                    map.put(row.getColumn("id", UUID.class), row.getColumn("last_seq", Long.class));
                    return map;
                }));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
