package io.pulsechat.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Reads one subscribed connection's replies until it fails. Events that come before the whole
 * subscription is confirmed (the answer to the PING marker sent after the SSUBSCRIBEs) are held back
 * until then: the catch-up comes first, the live events after it.
 */
final class SubscriptionReader {
    /** What the replies mean, told in the order they came. */
    interface Replies {
        /** Any reply: the connection is alive. */
        void heard();

        void event(String channel, String payload, int bytes);

        void confirmed(String channel);

        /** An SUNSUBSCRIBE answered: ours, or Redis dropping a channel whose slot moved. */
        void unsubscribed(String channel);

        /** Every channel asked for is confirmed; runs before the events held back are handed on. */
        void allConfirmed();
    }

    private record Event(String channel, String payload, int bytes) {}

    private SubscriptionReader() {}

    static void read(SubscribedConnection c, String marker, Replies replies) {
        List<Event> early = new ArrayList<>();
        boolean complete = false;
        while (true) {
            Object reply = c.getUnflushedObject();
            replies.heard();
            if (reply instanceof byte[] raw) {
                // A connection that holds no channel (a shard none of whose channels this node needs) is not
                // in subscribed mode: its PINGs are answered plainly, the marker's with the marker itself.
                if (!complete && marker.equals(text(raw))) {
                    complete = true;
                    replies.allConfirmed();
                }
                continue;
            }
            if (!(reply instanceof List<?> parts) || parts.size() < 2) {
                throw new JedisDataException("unexpected reply on the subscription: " + reply);
            }
            switch (text(parts.get(0))) {
                case "smessage" -> {
                    var event = new Event(text(parts.get(1)), text(parts.get(2)), parts.get(2) instanceof byte[] raw ? raw.length : 0);
                    if (complete) {
                        replies.event(event.channel(), event.payload(), event.bytes());
                    } else {
                        early.add(event);
                    }
                }
                case "ssubscribe" -> replies.confirmed(text(parts.get(1)));
                case "sunsubscribe" -> replies.unsubscribed(text(parts.get(1)));
                case "pong" -> {
                    if (!complete && marker.equals(text(parts.get(1)))) {
                        complete = true;
                        replies.allConfirmed();
                        early.forEach(e -> replies.event(e.channel(), e.payload(), e.bytes()));
                        early.clear();
                    }
                }
                default -> { }
            }
        }
    }

    private static String text(Object part) {
        return part instanceof byte[] raw ? new String(raw, StandardCharsets.UTF_8) : String.valueOf(part);
    }
}
