package io.pulsechat.compat.socketio;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a Socket.IO session needs to be recovered: its rooms with the last seq delivered in each, the
 * seq each room stood at when it was joined, and its latest emissions as runs, oldest first. A run
 * `"<room>:<from>:<to>"` stands for consecutive emissions in one room with seqs from..to, so a socket
 * that stays in one room keeps a single run however much it receives.
 */
record SessionState(UUID pid, String sid, UUID userId, int generation, Map<UUID, Long> positions,
                    Map<UUID, Long> joined, List<String> recent) {
    /** Runs kept; older ones are forgotten (see {@link #positionsAfter}). */
    static final int RECENT_RUNS = 1000;

    /** The offset of an emission, as the client sends it back: `"<conversationId>:<seq>"`. */
    record Offset(UUID room, long seq) {
        static Optional<Offset> parse(String text) {
            if (text == null) {
                return Optional.empty();
            }
            int colon = text.lastIndexOf(':');
            try {
                return Optional.of(new Offset(UUID.fromString(text.substring(0, colon)), Long.parseLong(text.substring(colon + 1))));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }

        @Override
        public String toString() {
            return room + ":" + seq;
        }
    }

    /** A run of emissions in one room; an entry of the older format `"<room>:<seq>"` is a run of one. */
    record Run(UUID room, long from, long to) {
        static Run parse(String text) {
            String[] parts = text.split(":");
            long from = Long.parseLong(parts[1]);
            return new Run(UUID.fromString(parts[0]), from, parts.length > 2 ? Long.parseLong(parts[2]) : from);
        }

        boolean contains(Offset offset) {
            return room.equals(offset.room()) && from <= offset.seq() && offset.seq() <= to;
        }

        @Override
        public String toString() {
            return room + ":" + from + ":" + to;
        }
    }

    static String offset(UUID conversationId, long seq) {
        return new Offset(conversationId, seq).toString();
    }

    /**
     * The positions the client really holds, given the last offset it received, if any. Emissions after
     * that offset may have been lost with the dying transport, so their rooms go back before them;
     * where we cannot tell, a room goes back further: a repeat is better than a loss.
     * <ul>
     * <li>No offset: the client has received nothing since it was created, so every room starts again
     *     from where it was joined.</li>
     * <li>An offset in a remembered run: exactly what followed it is sent again.</li>
     * <li>An offset past this saved state (the node died before it saved again): its room continues
     *     after it, the other rooms from their saved positions (older than what the client has).</li>
     * <li>An offset older than every remembered run: its room continues after it, every remembered run
     *     is rolled back, and if runs were forgotten, the other rooms start again from their joins.</li>
     * </ul>
     */
    Map<UUID, Long> positionsAfter(Optional<Offset> clientOffset) {
        Map<UUID, Long> result = new HashMap<>(positions);
        List<Run> runs = recent.stream().map(Run::parse).toList();
        if (clientOffset.isEmpty()) {
            rollBack(result, runs, 0);
            joined.forEach((room, seq) -> result.computeIfPresent(room, (r, at) -> Math.min(at, seq)));
            return result;
        }
        Offset offset = clientOffset.get();
        for (int i = runs.size() - 1; i >= 0; i--) {
            if (runs.get(i).contains(offset)) {
                result.computeIfPresent(offset.room(), (r, at) -> Math.min(at, offset.seq()));
                rollBack(result, runs, i + 1);
                return result;
            }
        }
        Long saved = positions.get(offset.room());
        if (saved != null && offset.seq() > saved) {
            result.put(offset.room(), offset.seq());
            return result;
        }
        rollBack(result, runs, 0);
        if (runs.size() >= RECENT_RUNS) {
            joined.forEach((room, seq) -> result.computeIfPresent(room, (r, at) -> Math.min(at, seq)));
        }
        result.computeIfPresent(offset.room(), (r, at) -> offset.seq());
        return result;
    }

    private static void rollBack(Map<UUID, Long> positions, List<Run> runs, int from) {
        for (Run lost : runs.subList(from, runs.size())) {
            positions.computeIfPresent(lost.room(), (room, delivered) -> Math.min(delivered, lost.from() - 1));
        }
    }
}
