package io.pulsechat.ws;

import com.codahale.metrics.Meter;
import com.codahale.metrics.Timer;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulsechat.core.BusEvent;
import io.pulsechat.core.ErrorCode;
import io.pulsechat.core.Memberships;
import io.pulsechat.core.PendingMessages;
import io.pulsechat.core.PersistedMessage;
import io.pulsechat.core.RejectedMessage;
import io.pulsechat.redis.RedisSubscriber;
import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands events from the bus to this node's sessions: for a stored message, the ack to the sending
 * session and the message to all others; every other event through {@link EventDelivery}.
 */
public class LocalDelivery implements RedisSubscriber.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(LocalDelivery.class);

    private final ObjectMapper json;
    private final Frames frames;
    private final SessionRegistry sessions;
    private final PendingMessages pending;
    private final String nodeId;
    private final Meter delivered;
    private final Timer latency;
    private final EventDelivery others;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final MissedMessages missed;
    /** When the last catch-up began to read (this node's clock); only the subscriber thread touches it. */
    private long caughtUpAtMillis;

    /** Other clients of this node (the frontend-compatibility Socket.IO endpoint) that also deliver stored messages. */
    public interface Listener {
        /** Called on the subscriber thread: must hand off, not block. */
        void stored(PersistedMessage persisted);

        void rejected(RejectedMessage rejected);

        /** An edit or a delete; called on the subscriber thread, like the others. */
        default void changed(BusEvent.MessageChanged change) {}
    }

    public LocalDelivery(ObjectMapper json, Frames frames, SessionRegistry sessions, Memberships memberships,
                         PendingMessages pending, MissedMessages missed, String nodeId, Meter delivered, Timer latency) {
        this.json = json;
        this.frames = frames;
        this.sessions = sessions;
        this.pending = pending;
        this.missed = missed;
        this.nodeId = nodeId;
        this.delivered = delivered;
        this.latency = latency;
        this.others = new EventDelivery(frames, sessions, memberships);
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    @Override
    public void onEvent(String payload) {
        BusEvent event;
        try {
            event = json.readValue(payload, BusEvent.class);
        } catch (IOException e) {
            LOG.error("ignoring an event this node cannot read: {}", e.getMessage());
            return;
        }
        if (event instanceof BusEvent.MessagesStored stored) {
            deliver(stored.persisted());
            stored.rejected().forEach(this::reject);
        } else if (event instanceof BusEvent.MissedSince missedSince) {
            catchUp(missedSince.sinceMillis());
        } else {
            others.deliver(event);
            if (event instanceof BusEvent.MessageChanged change) {
                listeners.forEach(listener -> listener.changed(change));
            }
        }
    }

    /** Runs on the subscriber thread before it reads on, so that live events follow the catch-up. */
    @Override
    public void resubscribed(long deafSinceMillis) {
        catchUp(deafSinceMillis);
    }

    /**
     * Delivers what was stored since {@code sinceMillis}, but not again what an earlier catch-up read: after
     * an outage one comes for the resubscription and one for each node whose publisher dropped events, and
     * each holds up live events while it runs. (MissedMessages reads from a margin before, for the clocks.)
     */
    private void catchUp(long sinceMillis) {
        long started = System.nanoTime();
        long readFrom = Math.max(sinceMillis, caughtUpAtMillis);
        caughtUpAtMillis = System.currentTimeMillis();
        List<PersistedMessage> catchUp = missed.since(readFrom);
        long read = System.nanoTime();
        deliver(catchUp);
        LOG.info("caught up on {} ms of events: delivered {} messages stored meanwhile, read in {} ms, delivered in {} ms",
                caughtUpAtMillis - readFrom, catchUp.size(), (read - started) / 1_000_000, (System.nanoTime() - read) / 1_000_000);
    }

    /** Each session's frames of these messages leave together, in one write per session. */
    private void deliver(List<PersistedMessage> messages) {
        Set<ChatSession> touched = Collections.newSetFromMap(new IdentityHashMap<>());
        messages.forEach(p -> deliver(p, touched));
        touched.forEach(ChatSession::flush);
    }

    private void deliver(PersistedMessage p, Set<ChatSession> touched) {
        pending.stored(p.senderId(), p.clientMessageId(), () -> p.decode(json));
        String receiveFrame = null;
        boolean fromHere = nodeId.equals(p.originNode());
        int count = 0;
        for (UUID member : p.memberIds()) {
            for (ChatSession session : sessions.sessionsOf(member)) {
                if (receiveFrame == null) {
                    receiveFrame = frames.receiveMessage(p.messageJson());
                }
                boolean origin = fromHere && session.id().equals(p.originSession());
                session.deliver(p.conversationId(), p.seq(),
                        origin ? frames.ack(p.clientMessageId(), p.messageJson()) : receiveFrame);
                touched.add(session);
                count++;
            }
        }
        if (count > 0) {
            delivered.mark(count);
            latency.update(Math.max(0, System.currentTimeMillis() - p.receivedAtMillis()), TimeUnit.MILLISECONDS);
        }
        listeners.forEach(listener -> listener.stored(p));
    }


    private void reject(RejectedMessage r) {
        pending.rejected(r);
        listeners.forEach(listener -> listener.rejected(r));
        if (!nodeId.equals(r.originNode()) || r.originSession() == null) {
            return;
        }
        ChatSession session = sessions.byId(r.originSession());
        if (session != null) {
            session.send(frames.error(ErrorCode.NOT_FOUND, r.reason(), r.clientMessageId()));
        }
    }
}
