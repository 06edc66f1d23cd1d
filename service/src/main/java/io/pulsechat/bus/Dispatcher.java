package io.pulsechat.bus;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulsechat.core.BusEvent;
import io.pulsechat.core.Memberships;
import io.pulsechat.core.PersistedMessage;
import io.pulsechat.core.Topic;
import io.pulsechat.redis.Channels;
import io.pulsechat.redis.RedisSubscriber;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads each event the subscription brings (only the topics this node holds, see {@link Interests}) and
 * hands it to every listener of this node, in the order they were added. What only a node as a whole does is done here, once, before the listeners: the
 * member cache forgets a changed conversation, and a node that was deaf delivers what was stored
 * meanwhile from PostgreSQL.
 */
public class Dispatcher implements RedisSubscriber.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final ObjectMapper json;
    private final Channels channels;
    private final Memberships memberships;
    private final MissedMessages missed;
    private final List<BusListener> listeners = new CopyOnWriteArrayList<>();
    /**
     * What the catch-ups so far have read, as one span of this node's clock: from {@code caughtUpFromMillis}
     * (the clock margin included) to {@code caughtUpAtMillis}. The subscriber hands events on one at a time,
     * so no lock is needed.
     */
    private long caughtUpFromMillis = Long.MAX_VALUE;
    private long caughtUpAtMillis;

    public Dispatcher(ObjectMapper json, Channels channels, Memberships memberships, MissedMessages missed) {
        this.json = json;
        this.channels = channels;
        this.memberships = memberships;
        this.missed = missed;
    }

    public void addListener(BusListener listener) {
        listeners.add(listener);
    }

    @Override
    public void onEvent(String channel, String payload) {
        BusEvent event;
        try {
            event = json.readValue(payload, BusEvent.class);
        } catch (IOException e) {
            LOG.error("ignoring an event this node cannot read: {}", e.getMessage());
            return;
        }
        dispatch(channels.topic(channel), event);
    }

    void dispatch(Topic topic, BusEvent event) {
        if (event instanceof BusEvent.MessagesStored stored) {
            stored(stored.persisted());
            stored.rejected().forEach(rejected -> listeners.forEach(listener -> listener.rejected(rejected)));
        } else if (event instanceof BusEvent.MissedSince missedSince) {
            catchUp(missedSince.sinceMillis());
        } else {
            if (event instanceof BusEvent.ConversationUpdated updated) {
                // First, so that nothing reaches a removed member after their last event.
                memberships.invalidate(updated.conversation().id());
            }
            listeners.forEach(listener -> listener.event(topic, event));
        }
    }

    /** Runs on the subscriber thread before it reads on, so that live events follow the catch-up. */
    @Override
    public void resubscribed(long deafSinceMillis) {
        catchUp(deafSinceMillis);
    }

    /**
     * Delivers what was stored since {@code sinceMillis}, but not again what an earlier catch-up read: after
     * an outage one comes for the resubscription (one per shard on a Redis Cluster) and one for each node
     * whose publisher dropped events, and each holds up live events while it runs. A gap that began before
     * what was read is read whole: another shard's catch-up did not cover its start. (MissedMessages reads
     * from a margin before, for the clocks.)
     */
    private void catchUp(long sinceMillis) {
        long started = System.nanoTime();
        long readFrom = sinceMillis >= caughtUpFromMillis ? Math.max(sinceMillis, caughtUpAtMillis) : sinceMillis;
        long readsFrom = readFrom - MissedMessages.CLOCK_MARGIN_MS;
        caughtUpFromMillis = readsFrom <= caughtUpAtMillis ? Math.min(caughtUpFromMillis, readsFrom) : readsFrom;
        caughtUpAtMillis = System.currentTimeMillis();
        List<PersistedMessage> catchUp = missed.since(readFrom);
        long read = System.nanoTime();
        stored(catchUp);
        LOG.info("caught up on {} ms of events: delivered {} messages stored meanwhile, read in {} ms, delivered in {} ms",
                caughtUpAtMillis - readFrom, catchUp.size(), (read - started) / 1_000_000, (System.nanoTime() - read) / 1_000_000);
    }

    private void stored(List<PersistedMessage> messages) {
        if (!messages.isEmpty()) {
            listeners.forEach(listener -> listener.stored(messages));
        }
    }
}
