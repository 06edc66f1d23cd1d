package io.pulsechat.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.pulsechat.api.Conversation;
import io.pulsechat.api.Message;
import io.pulsechat.api.PublicUser;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every node must read what any node writes: each event survives the trip through JSON unchanged. */
class BusEventJsonTest {
    private final ObjectMapper json = Jackson.newObjectMapper();

    @Test
    void everyEventTypeRoundTrips() throws Exception {
        UUID chat = UUID.randomUUID();
        UUID ann = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        Instant now = Instant.parse("2026-01-02T03:04:05.123456Z");
        Message tombstone = new Message(UUID.randomUUID(), chat, 3, ann, "c-3", null, now, now, true);
        Conversation conversation = new Conversation(chat, "Team", true, null, now, now, 3, 0, tombstone,
                List.of(new Conversation.Member(new PublicUser(ann, "Ann", null, "#e57373", true), "admin", 3)));
        List<BusEvent> events = List.of(
                new BusEvent.MessageChanged(tombstone, List.of(ann, bob)),
                new BusEvent.Typing(chat, ann, List.of(bob)),
                new BusEvent.ReadUpTo(chat, ann, 3, List.of(bob)),
                new BusEvent.PresenceChanged(ann, false, List.of(bob)),
                new BusEvent.ConversationUpdated(conversation, Map.of(ann, 0L, bob, 2L), List.of(UUID.randomUUID()), List.of(bob)));

        for (BusEvent event : events) {
            String text = json.writeValueAsString(event);
            assertThat(json.readValue(text, BusEvent.class)).as(text).isEqualTo(event);
        }
    }
}
