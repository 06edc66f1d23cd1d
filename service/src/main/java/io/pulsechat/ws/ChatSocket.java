package io.pulsechat.ws;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jetty's endpoint for one connection: registers the session, hands frames to the handler. `ready`
 * goes out once this node hears every topic the user needs, so that everything stored after it comes
 * live; when the bus takes longer than {@code readyWaitMillis} (an outage), it goes out anyway and
 * `sync` waits for the topics instead.
 */
public class ChatSocket implements Session.Listener.AutoDemanding {
    private static final Logger LOG = LoggerFactory.getLogger(ChatSocket.class);

    private final UUID userId;
    private final String address;
    private final SessionRegistry registry;
    private final int sessionsPerUser;
    private final FrameHandler handler;
    private final PresenceTracker presence;
    private final Frames frames;
    private final int maxQueuedFrames;
    private final boolean batchDeliveries;
    private final SessionInterests interests;
    private final long readyWaitMillis;
    private ChatSession session;
    /** Guarded by this: whether the session is registered, whether the connection has closed, and the frames before `ready`. */
    private boolean registered;
    private boolean closed;
    /** Set once the frames before `ready` are handled: from then on frames go straight to the handler. */
    private boolean handling;
    private final List<String> early = new ArrayList<>();

    ChatSocket(UUID userId, String address, SessionRegistry registry, int sessionsPerUser, FrameHandler handler,
               PresenceTracker presence, Frames frames, int maxQueuedFrames, boolean batchDeliveries,
               SessionInterests interests, long readyWaitMillis) {
        this.sessionsPerUser = sessionsPerUser;
        this.interests = interests;
        this.readyWaitMillis = readyWaitMillis;
        this.userId = userId;
        this.address = address;
        this.registry = registry;
        this.handler = handler;
        this.presence = presence;
        this.frames = frames;
        this.maxQueuedFrames = maxQueuedFrames;
        this.batchDeliveries = batchDeliveries;
    }

    @Override
    public void onWebSocketOpen(Session jettySession) {
        // Counted as it opens, before `ready`: a client that has `ready` and opens another is refused reliably,
        // and connections that passed the upgrade's check together cannot all stay.
        if (!registry.tryOpen(userId, sessionsPerUser)) {
            jettySession.close(org.eclipse.jetty.websocket.api.StatusCode.POLICY_VIOLATION,
                    "too many open sessions for this user", org.eclipse.jetty.websocket.api.Callback.NOOP);
            return;
        }
        session = new ChatSession(userId, address, jettySession, ((WebSocketSession) jettySession).getCoreSession(),
                maxQueuedFrames, batchDeliveries);
        // Off the subscriber's thread: frames that came before `ready` are handled then, and may wait on a lookup.
        interests.opened(userId).copy().completeOnTimeout(null, readyWaitMillis, TimeUnit.MILLISECONDS)
                .thenRunAsync(this::ready);
    }

    /** `ready` goes out before the session can receive anything else; frames the client sent before it follow. */
    private void ready() {
        synchronized (this) {
            if (closed) {
                return;
            }
            session.send(frames.ready(userId, session.id()));
            registry.add(session);
            presence.opened(userId);
            registered = true;
        }
        // In the order they came; frames that come meanwhile queue behind them until none is left.
        while (true) {
            List<String> before;
            synchronized (this) {
                if (early.isEmpty()) {
                    handling = true;
                    return;
                }
                before = List.copyOf(early);
                early.clear();
            }
            before.forEach(text -> handler.handle(session, text));
        }
    }

    @Override
    public void onWebSocketText(String text) {
        synchronized (this) {
            if (!handling) {
                if (early.size() >= maxQueuedFrames) {
                    session.close(org.eclipse.jetty.websocket.api.StatusCode.POLICY_VIOLATION, "too many frames before ready");
                } else {
                    early.add(text);
                }
                return;
            }
        }
        handler.handle(session, text);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        if (session == null) {
            return;
        }
        synchronized (this) {
            closed = true;
            if (registered) {
                registry.remove(session);
                presence.closed(userId);
            }
        }
        registry.closeOpened(userId);
        interests.closed(userId);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("WebSocket of user {} failed: {}", userId, cause.toString());
    }
}
