package io.pulsechat.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where each event goes: to the topic of its conversation when all its receivers are the members, or
 * to the topic of each user it is addressed to. An event for several topics is cut so that each copy
 * carries only its topic's part: a node that hears two of the topics delivers nothing twice.
 */
public final class EventRoutes {
    /** One copy of an event, for one topic. */
    public record Routed(Topic topic, BusEvent event) {}

    private EventRoutes() {}

    public static List<Routed> of(BusEvent event) {
        if (event instanceof BusEvent.MessagesStored stored) {
            return byConversation(stored);
        } else if (event instanceof BusEvent.MessageChanged changed) {
            return List.of(new Routed(Topic.conversation(changed.message().conversationId()), event));
        } else if (event instanceof BusEvent.Typing typing) {
            return List.of(new Routed(Topic.conversation(typing.conversationId()), event));
        } else if (event instanceof BusEvent.ReadUpTo read) {
            return List.of(new Routed(Topic.conversation(read.conversationId()), event));
        } else if (event instanceof BusEvent.PresenceChanged presence) {
            return presence.recipients().stream()
                    .map(r -> new Routed(Topic.user(r), new BusEvent.PresenceChanged(presence.userId(), presence.online(), List.of(r))))
                    .toList();
        } else if (event instanceof BusEvent.ConversationUpdated updated) {
            return conversationUpdated(updated);
        } else if (event instanceof BusEvent.MissedSince) {
            return List.of(new Routed(Topic.NODES, event));
        }
        throw new IllegalArgumentException("no route for " + event.getClass().getSimpleName());
    }

    /** A batch of the storing consumer holds many conversations: each goes to its own topic, in seq order. */
    private static List<Routed> byConversation(BusEvent.MessagesStored stored) {
        Map<UUID, List<PersistedMessage>> persisted = new LinkedHashMap<>();
        Map<UUID, List<RejectedMessage>> rejected = new LinkedHashMap<>();
        stored.persisted().forEach(p -> persisted.computeIfAbsent(p.conversationId(), c -> new ArrayList<>()).add(p));
        stored.rejected().forEach(r -> rejected.computeIfAbsent(r.conversationId(), c -> new ArrayList<>()).add(r));
        List<Routed> routes = new ArrayList<>();
        persisted.forEach((conversation, messages) -> routes.add(new Routed(Topic.conversation(conversation),
                new BusEvent.MessagesStored(messages, rejected.getOrDefault(conversation, List.of())))));
        rejected.forEach((conversation, refused) -> {
            if (!persisted.containsKey(conversation)) {
                routes.add(new Routed(Topic.conversation(conversation), new BusEvent.MessagesStored(List.of(), refused)));
            }
        });
        return routes;
    }

    private static List<Routed> conversationUpdated(BusEvent.ConversationUpdated updated) {
        List<Routed> routes = new ArrayList<>();
        var conversation = Topic.conversation(updated.conversation().id());
        if (updated.unreadCounts().keySet().stream().anyMatch(member -> !updated.joined().contains(member))) {
            routes.add(new Routed(conversation, new BusEvent.ConversationUpdated(updated.conversation(),
                    updated.unreadCounts(), List.of(), updated.joined())));
        }
        for (UUID joined : updated.joined()) {
            Long unread = updated.unreadCounts().get(joined);
            if (unread != null) {
                routes.add(new Routed(Topic.user(joined), new BusEvent.ConversationUpdated(updated.conversation(),
                        Map.of(joined, unread), List.of(), List.of(joined))));
            }
        }
        for (UUID removed : updated.removed()) {
            routes.add(new Routed(Topic.user(removed), new BusEvent.ConversationUpdated(updated.conversation(),
                    Map.of(), List.of(removed), List.of())));
        }
        return routes;
    }
}
