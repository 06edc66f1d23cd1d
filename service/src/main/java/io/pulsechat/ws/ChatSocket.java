package io.pulsechat.ws;

import java.util.UUID;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Jetty's endpoint for one connection: registers the session, hands frames to the handler. */
public class ChatSocket implements Session.Listener.AutoDemanding {
    private static final Logger LOG = LoggerFactory.getLogger(ChatSocket.class);

    private final UUID userId;
    private final String address;
    private final SessionRegistry registry;
    private final FrameHandler handler;
    private final PresenceTracker presence;
    private final Frames frames;
    private final int maxQueuedFrames;
    private final boolean batchDeliveries;
    private ChatSession session;

    ChatSocket(UUID userId, String address, SessionRegistry registry, FrameHandler handler, PresenceTracker presence,
               Frames frames, int maxQueuedFrames, boolean batchDeliveries) {
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
        session = new ChatSession(userId, address, jettySession, ((WebSocketSession) jettySession).getCoreSession(),
                maxQueuedFrames, batchDeliveries);
        // `ready` goes out before the session can receive anything else.
        session.send(frames.ready(userId, session.id()));
        registry.add(session);
        presence.opened(userId);
    }

    @Override
    public void onWebSocketText(String text) {
        handler.handle(session, text);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        if (session != null) {
            registry.remove(session);
            presence.closed(userId);
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("WebSocket of user {} failed: {}", userId, cause.toString());
    }
}
