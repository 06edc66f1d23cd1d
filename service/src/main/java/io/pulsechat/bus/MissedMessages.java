package io.pulsechat.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulsechat.api.Message;
import io.pulsechat.core.Memberships;
import io.pulsechat.core.PersistedMessage;
import io.pulsechat.db.MessageDao;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The messages a node may have missed while its subscription was down, read back from PostgreSQL:
 * everything stored since shortly before the gap began. Some were delivered already; sessions get
 * those again (delivery is at least once, and clients drop what they have by id).
 */
public class MissedMessages {
    /** Covers the clocks of the nodes that stored messages differing from this node's. */
    static final long CLOCK_MARGIN_MS = 5_000;
    /** Per conversation: a busy conversation (20 messages a second) deaf for 45 s; beyond, clients `sync`. */
    private static final int PER_CONVERSATION = 1_000;
    private static final int LIMIT = 20_000;

    private final MessageDao history;
    private final Memberships memberships;
    private final ObjectMapper json;

    public MissedMessages(MessageDao history, Memberships memberships, ObjectMapper json) {
        this.history = history;
        this.memberships = memberships;
        this.json = json;
    }

    /** As the bus would have carried them, without a sending session: everyone gets `receive-message`. */
    List<PersistedMessage> since(long deafSinceMillis) {
        var since = Instant.ofEpochMilli(deafSinceMillis - CLOCK_MARGIN_MS).atOffset(ZoneOffset.UTC);
        List<PersistedMessage> missed = new ArrayList<>();
        // Rows come by conversation: its members are looked up once for all of them.
        UUID conversation = null;
        List<UUID> members = List.of();
        for (Message m : history.storedSince(since, PER_CONVERSATION, LIMIT)) {
            if (!m.conversationId().equals(conversation)) {
                conversation = m.conversationId();
                members = List.copyOf(memberships.memberIds(conversation));
            }
            missed.add(toPersisted(m, members));
        }
        return missed;
    }

    private PersistedMessage toPersisted(Message m, List<UUID> members) {
        try {
            return new PersistedMessage(m.conversationId(), m.seq(), m.senderId(), m.clientMessageId(),
                    json.writeValueAsString(m), members, null, null, m.createdAt().toEpochMilli());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode message " + m.id(), e);
        }
    }
}
