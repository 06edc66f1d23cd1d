package io.pulsechat.compat.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SessionStateTest {
    private static final UUID A = UUID.randomUUID();
    private static final UUID B = UUID.randomUUID();

    private static SessionState state(List<String> recent) {
        return new SessionState(UUID.randomUUID(), "sid", UUID.randomUUID(), 0, Map.of(A, 5L, B, 9L), recent);
    }

    @Test
    void emissionsAfterTheClientsOffsetAreSentAgain() {
        var recent = List.of(SessionState.offset(A, 4), SessionState.offset(B, 8), SessionState.offset(A, 5),
                SessionState.offset(B, 9));
        assertThat(state(recent).positionsAfter(SessionState.offset(B, 8))).containsEntry(A, 4L).containsEntry(B, 8L);
        assertThat(state(recent).positionsAfter(SessionState.offset(B, 9))).containsEntry(A, 5L).containsEntry(B, 9L);
    }

    @Test
    void anUnknownOffsetRollsBackEveryRecentEmission() {
        var recent = List.of(SessionState.offset(A, 5), SessionState.offset(B, 9));
        assertThat(state(recent).positionsAfter("unknown")).containsEntry(A, 4L).containsEntry(B, 8L);
    }
}
