package io.pulsechat.core;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Tells two users who just became friends each other's presence: from now on each hears when the
 * other comes and goes, so each starts from the other's current state. The friendship stands whether
 * or not the news goes out.
 */
public class FriendNews {
    private final Presence presence;
    private final Events events;

    public FriendNews(Presence presence, Events events) {
        this.presence = presence;
        this.events = events;
    }

    public void befriended(UUID sender, UUID receiver) {
        Set<UUID> online = presence.online(List.of(sender, receiver));
        events.publishCommitted(new BusEvent.PresenceChanged(sender, online.contains(sender), List.of(receiver)));
        events.publishCommitted(new BusEvent.PresenceChanged(receiver, online.contains(receiver), List.of(sender)));
    }
}
