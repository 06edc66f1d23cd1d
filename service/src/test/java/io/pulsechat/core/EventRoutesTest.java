package io.pulsechat.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulsechat.api.Conversation;
import io.pulsechat.api.Message;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Each event reaches only the topics of those it concerns, and no node that hears two of them gets a part twice. */
class EventRoutesTest {
    private final UUID ann = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private final UUID cid = UUID.randomUUID();
    private final Instant now = Instant.parse("2026-12-03T12:00:00Z");

    @Test
    void aStoringBatchGoesToEachConversationsTopicWithOnlyItsOwnMessagesAndRefusals() {
        UUID other = UUID.randomUUID();
        var first = stored(cid, 1);
        var elsewhere = stored(other, 7);
        var second = stored(cid, 2);
        var refused = new RejectedMessage(other, ann, "c-9", "not_found", "not a member", "node-a", "s-1");

        var routes = EventRoutes.of(new BusEvent.MessagesStored(List.of(first, elsewhere, second), List.of(refused)));

        assertThat(routes).containsExactly(
                new EventRoutes.Routed(Topic.conversation(cid), new BusEvent.MessagesStored(List.of(first, second), List.of())),
                new EventRoutes.Routed(Topic.conversation(other), new BusEvent.MessagesStored(List.of(elsewhere), List.of(refused))));
    }

    @Test
    void presenceGoesToEachFriendsOwnTopicNamingOnlyThatFriend() {
        var routes = EventRoutes.of(new BusEvent.PresenceChanged(ann, true, List.of(bob, cid)));

        assertThat(routes).containsExactly(
                new EventRoutes.Routed(Topic.user(bob), new BusEvent.PresenceChanged(ann, true, List.of(bob))),
                new EventRoutes.Routed(Topic.user(cid), new BusEvent.PresenceChanged(ann, true, List.of(cid))));
    }

    @Test
    void conversationNewsGoesToItsTopicAndToTheOwnTopicsOfThoseWhoJoinedOrLeft() {
        UUID carol = UUID.randomUUID();
        UUID dave = UUID.randomUUID();
        Conversation conversation = new Conversation(cid, "Team", true, null, now, now, 4, 0, null, List.of());
        var news = new BusEvent.ConversationUpdated(conversation, Map.of(ann, 0L, carol, 4L), List.of(dave), List.of(carol));

        var routes = EventRoutes.of(news);

        assertThat(routes).containsExactly(
                new EventRoutes.Routed(Topic.conversation(cid),
                        new BusEvent.ConversationUpdated(conversation, Map.of(ann, 0L, carol, 4L), List.of(), List.of(carol))),
                new EventRoutes.Routed(Topic.user(carol),
                        new BusEvent.ConversationUpdated(conversation, Map.of(carol, 4L), List.of(), List.of(carol))),
                new EventRoutes.Routed(Topic.user(dave),
                        new BusEvent.ConversationUpdated(conversation, Map.of(), List.of(dave), List.of())));
    }

    @Test
    void aNewConversationIsToldOnlyOnItsMembersOwnTopics() {
        Conversation conversation = new Conversation(cid, null, false, null, now, now, 0, 0, null, List.of());

        var routes = EventRoutes.of(new BusEvent.ConversationUpdated(conversation, Map.of(ann, 0L, bob, 0L), List.of(),
                List.of(ann, bob)));

        assertThat(routes).extracting(EventRoutes.Routed::topic).containsExactlyInAnyOrder(Topic.user(ann), Topic.user(bob));
    }

    @Test
    void conversationEventsGoToTheConversationsTopicAndNodeNewsToAllNodes() {
        Message message = new Message(UUID.randomUUID(), cid, 3, ann, "c-3", "edited", now, now, false);

        assertThat(EventRoutes.of(new BusEvent.MessageChanged(message, List.of(ann, bob))))
                .extracting(EventRoutes.Routed::topic).containsExactly(Topic.conversation(cid));
        assertThat(EventRoutes.of(new BusEvent.Typing(cid, ann, List.of(bob))))
                .extracting(EventRoutes.Routed::topic).containsExactly(Topic.conversation(cid));
        assertThat(EventRoutes.of(new BusEvent.ReadUpTo(cid, ann, 3, List.of(bob))))
                .extracting(EventRoutes.Routed::topic).containsExactly(Topic.conversation(cid));
        assertThat(EventRoutes.of(new BusEvent.MissedSince(1L)))
                .extracting(EventRoutes.Routed::topic).containsExactly(Topic.NODES);
    }

    private PersistedMessage stored(UUID conversation, long seq) {
        return new PersistedMessage(conversation, seq, ann, "c-" + seq, "{}", List.of(ann, bob), "node-a", "s-1", 0);
    }
}
