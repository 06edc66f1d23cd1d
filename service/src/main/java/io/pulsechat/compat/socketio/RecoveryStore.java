package io.pulsechat.compat.socketio;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulsechat.db.CompatSessionDao;
import io.pulsechat.db.ConversationDao;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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

    private final CompatSessionDao sessions;
    private final ConversationDao conversations;
    private final ObjectMapper json;
    private final Duration window;

    public RecoveryStore(CompatSessionDao sessions, ConversationDao conversations, ObjectMapper json, Duration window) {
        this.sessions = sessions;
        this.conversations = conversations;
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

    /** One round trip for many sessions; a state is not saved over a newer connection's recovery of its pid. */
    void saveAll(Collection<SessionState> states) {
        if (states.isEmpty()) {
            return;
        }
        sessions.save(states.stream().map(state -> new CompatSessionDao.SavedSession(state.pid(), state.sid(),
                state.generation(), state.userId(), write(state.positions()), write(state.joined()),
                write(state.recent()))).toList(), (double) window.toSeconds());
    }

    /** Takes over an unexpired session of this user; the next generation owns it from now on. */
    Optional<SessionState> claim(UUID pid, UUID userId) {
        return sessions.claim(pid, userId).map(saved -> new SessionState(pid, saved.sid(), userId, saved.generation(),
                read(saved.positions(), POSITIONS), read(saved.joined(), POSITIONS), read(saved.recent(), RECENT)));
    }

    /** A session the client closed itself is not for recovery. */
    void forget(UUID pid, int generation) {
        sessions.forget(pid, generation);
    }

    int deleteExpired() {
        return sessions.deleteExpired();
    }

    /** Each room's last seq: how far a recovery has to go. */
    Map<UUID, Long> lastSeqs(Collection<UUID> rooms) {
        return conversations.lastSeqs(rooms.toArray(UUID[]::new));
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
