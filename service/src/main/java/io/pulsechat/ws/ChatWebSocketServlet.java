package io.pulsechat.ws;

import io.pulsechat.auth.BearerTokens;
import io.pulsechat.auth.JwtService;
import io.pulsechat.core.RateLimiter;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeRequest;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeResponse;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServlet;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServletFactory;

/** `/ws`: checks the Origin and the token at the upgrade, then hands the connection to a {@link ChatSocket}. */
public class ChatWebSocketServlet extends JettyWebSocketServlet {
    private final transient JwtService jwt;
    private final transient SessionRegistry registry;
    private final transient FrameHandler handler;
    private final transient PresenceTracker presence;
    private final transient RateLimiter<UUID> connects;
    private final transient Frames frames;
    private final transient WebSocketSettings settings;
    private final transient Set<String> allowedOrigins;
    private final int sessionsPerUser;
    private final transient SessionInterests interests;
    private final long readyWaitMillis;

    public ChatWebSocketServlet(JwtService jwt, SessionRegistry registry, FrameHandler handler, PresenceTracker presence,
                                Frames frames, WebSocketSettings settings, Set<String> allowedOrigins,
                                int sessionsPerUser, SessionInterests interests, long readyWaitMillis) {
        this.jwt = jwt;
        this.interests = interests;
        this.readyWaitMillis = readyWaitMillis;
        this.registry = registry;
        this.handler = handler;
        this.presence = presence;
        // Each connection may flip the user's presence for all their friends: bounded per user.
        this.connects = new RateLimiter<>(settings.getConnectsPerSecond(), settings.getConnectBurst(), System::nanoTime);
        this.frames = frames;
        this.settings = settings;
        this.allowedOrigins = allowedOrigins;
        this.sessionsPerUser = sessionsPerUser;
    }

    @Override
    protected void configure(JettyWebSocketServletFactory factory) {
        factory.setMaxTextMessageSize(settings.getMaxFrameSize().toBytes());
        // Jetty starts each text message's decoder at this capacity, whatever the message's size.
        factory.setInputBufferSize((int) settings.getInputBufferSize().toBytes());
        factory.setIdleTimeout(Duration.ofMillis(settings.getIdleTimeout().toMilliseconds()));
        factory.setCreator(this::create);
    }

    private Object create(JettyServerUpgradeRequest request, JettyServerUpgradeResponse response) {
        try {
            String origin = request.getHeader("Origin");
            if (origin != null && !allowedOrigins.contains(origin)) {
                response.sendForbidden("origin not allowed");
                return null;
            }
            Optional<UUID> userId = token(request).flatMap(jwt::verify);
            if (userId.isEmpty()) {
                response.sendError(401, "a valid token is required");
                return null;
            }
            // A fast answer; ChatSocket holds the ceiling itself when connections open at the same time.
            if (registry.openOf(userId.get()) >= sessionsPerUser) {
                response.sendError(429, "too many open sessions for this user");
                return null;
            }
            if (!connects.tryAcquire(userId.get())) {
                response.sendError(429, "too many connections; slow down");
                return null;
            }
            // The servlet request's address, not the socket's: behind a trusted proxy it is the client's.
            String address = request.getHttpServletRequest().getRemoteAddr();
            return new ChatSocket(userId.get(), address, registry, sessionsPerUser, handler, presence, frames,
                    settings.getMaxQueuedFrames(), settings.isBatchDeliveries(), interests, readyWaitMillis);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Optional<String> token(JettyServerUpgradeRequest request) {
        return BearerTokens.fromHeader(request.getHeader("Authorization"))
                .or(() -> Optional.ofNullable(request.getHttpServletRequest().getParameter("access_token")));
    }
}
