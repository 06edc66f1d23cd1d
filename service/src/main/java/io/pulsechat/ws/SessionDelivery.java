package io.pulsechat.ws;

import com.codahale.metrics.Meter;
import com.codahale.metrics.Timer;
import io.pulsechat.bus.BusListener;
import io.pulsechat.core.BusEvent;
import io.pulsechat.core.ErrorCode;
import io.pulsechat.core.PersistedMessage;
import io.pulsechat.core.RejectedMessage;
import io.pulsechat.core.Topic;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Hands bus events to this node's /ws sessions: for a stored message, the ack to the sending session
 * and the message to all others; every other event through {@link EventDelivery}.
 */
public class SessionDelivery implements BusListener {
    private final Frames frames;
    private final SessionRegistry sessions;
    private final String nodeId;
    private final Meter delivered;
    private final Timer latency;
    private final EventDelivery others;

    public SessionDelivery(Frames frames, SessionRegistry sessions, String nodeId, Meter delivered, Timer latency) {
        this.frames = frames;
        this.sessions = sessions;
        this.nodeId = nodeId;
        this.delivered = delivered;
        this.latency = latency;
        this.others = new EventDelivery(frames, sessions);
    }

    /** Each session's frames of these messages leave together, in one write per session. */
    @Override
    public void stored(List<PersistedMessage> messages) {
        Set<ChatSession> touched = Collections.newSetFromMap(new IdentityHashMap<>());
        messages.forEach(p -> deliver(p, touched));
        touched.forEach(ChatSession::flush);
    }

    private void deliver(PersistedMessage p, Set<ChatSession> touched) {
        TextFrame receiveFrame = null;
        boolean fromHere = nodeId.equals(p.originNode());
        int count = 0;
        for (UUID member : p.memberIds()) {
            for (ChatSession session : sessions.sessionsOf(member)) {
                if (receiveFrame == null) {
                    receiveFrame = TextFrame.of(frames.receiveMessage(p.messageJson()));
                }
                boolean origin = fromHere && session.id().equals(p.originSession());
                session.deliver(p.conversationId(), p.seq(),
                        origin ? TextFrame.of(frames.ack(p.clientMessageId(), p.messageJson())) : receiveFrame);
                touched.add(session);
                count++;
            }
        }
        if (count > 0) {
            delivered.mark(count);
            latency.update(Math.max(0, System.currentTimeMillis() - p.receivedAtMillis()), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void rejected(RejectedMessage r) {
        if (!nodeId.equals(r.originNode()) || r.originSession() == null) {
            return;
        }
        ChatSession session = sessions.byId(r.originSession());
        if (session != null) {
            session.send(frames.error(ErrorCode.NOT_FOUND, r.reason(), r.clientMessageId()));
        }
    }

    @Override
    public void event(Topic topic, BusEvent event) {
        others.deliver(event);
    }
}
