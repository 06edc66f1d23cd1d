package io.pulsechat.compat.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.compat.socketio.SessionState.Offset;
import io.pulsechat.compat.socketio.SessionState.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SessionStateTest {
    private static final UUID A = UUID.randomUUID();
    private static final UUID B = UUID.randomUUID();

    /** Joined A at 2 and B at 6; delivered A up to 5 and B up to 9. */
    private static SessionState state(List<String> recent) {
        return new SessionState(UUID.randomUUID(), "sid", UUID.randomUUID(), 0, Map.of(A, 5L, B, 9L),
                Map.of(A, 2L, B, 6L), recent);
    }

    private static String run(UUID room, long from, long to) {
        return new Run(room, from, to).toString();
    }

    private static Optional<Offset> at(UUID room, long seq) {
        return Optional.of(new Offset(room, seq));
    }

    @Test
    void emissionsAfterTheClientsOffsetAreSentAgain() {
        var recent = List.of(run(A, 3, 4), run(B, 7, 8), run(A, 5, 5), run(B, 9, 9));
        assertThat(state(recent).positionsAfter(at(B, 8))).containsEntry(A, 4L).containsEntry(B, 8L);
        assertThat(state(recent).positionsAfter(at(B, 9))).containsEntry(A, 5L).containsEntry(B, 9L);
        assertThat(state(recent).positionsAfter(at(A, 3))).containsEntry(A, 3L).containsEntry(B, 6L);
    }

    @Test
    void withoutAnOffsetEveryRoomStartsAgainFromItsJoin() {
        var recent = List.of(run(A, 3, 5), run(B, 7, 9));
        assertThat(state(recent).positionsAfter(Optional.empty())).containsEntry(A, 2L).containsEntry(B, 6L);
        assertThat(state(List.of()).positionsAfter(Optional.empty())).containsEntry(A, 2L).containsEntry(B, 6L);
    }

    @Test
    void anOffsetPastTheSavedStateContinuesItsRoomAfterItAndKeepsTheOthers() {
        var recent = List.of(run(A, 3, 5), run(B, 7, 9));
        assertThat(state(recent).positionsAfter(at(A, 7))).containsEntry(A, 7L).containsEntry(B, 9L);
    }

    @Test
    void anOffsetOlderThanEveryRememberedRunRollsThemAllBack() {
        var recent = List.of(run(A, 4, 5), run(B, 8, 9));
        assertThat(state(recent).positionsAfter(at(B, 7))).containsEntry(A, 3L).containsEntry(B, 7L);
        assertThat(state(recent).positionsAfter(Offset.parse("not an offset"))).containsEntry(A, 2L).containsEntry(B, 6L);
    }

    @Test
    void whenRunsWereForgottenAnUnknownOffsetSendsTheOtherRoomsAgainFromTheirJoins() {
        List<String> recent = new ArrayList<>();
        for (int i = 0; i < SessionState.RECENT_RUNS; i++) {
            recent.add(i % 2 == 0 ? run(A, 5, 5) : run(B, 9, 9));
        }
        assertThat(state(recent).positionsAfter(at(A, 3))).containsEntry(A, 3L).containsEntry(B, 6L);
    }

    @Test
    void runsOfTheOlderFormatAreSingleEmissions() {
        assertThat(Run.parse(A + ":7")).isEqualTo(new Run(A, 7, 7));
        assertThat(Offset.parse(SessionState.offset(A, 7))).contains(new Offset(A, 7));
    }
}
