package io.pulsechat.compat.socketio;

import com.codahale.metrics.Gauge;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.setup.Environment;
import io.pulsechat.auth.JwtService;
import io.pulsechat.bus.Dispatcher;
import io.pulsechat.compat.CompatSettings;
import io.pulsechat.compat.FrontendMessages;
import io.pulsechat.core.Interest;
import io.pulsechat.core.Memberships;
import io.pulsechat.core.MessageService;
import io.pulsechat.core.MetricNames;
import io.pulsechat.core.RateLimiter;
import io.pulsechat.db.CompatSessionDao;
import io.pulsechat.db.ConversationDao;
import io.pulsechat.db.MessageDao;
import io.pulsechat.ws.PresenceTracker;
import io.pulsechat.ws.WebSocketSettings;
import io.socket.engineio.server.EngineIoServer;
import io.socket.engineio.server.EngineIoServerOptions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.jdbi.v3.core.Jdbi;

/** Builds the Socket.IO endpoint at `/socket.io/` and hooks it into this node's delivery of stored messages. */
public final class SocketIoEndpoint {
    /** A long-polling POST carries a client's whole send buffer; 16 full-size packets is far above the frontend's. */
    private static final int MAX_PACKETS_PER_POLL = 16;

    private SocketIoEndpoint() {}

    /** {@code heardWaitMillis}: how long a JOIN waits at most for this node to hear the room. */
    public record Pipeline(MessageService messages, Memberships memberships, RateLimiter<String> addressLimiter,
                           Dispatcher bus, Interest interest, long heardWaitMillis, MessageDao history,
                           PresenceTracker presence) {}

    public static void register(Environment env, Pipeline pipeline, Jdbi jdbi, ObjectMapper json, JwtService jwt,
                                FrontendMessages view, WebSocketSettings limits, Set<String> origins,
                                int socketsPerUser, CompatSettings compat, String nodeId) {
        long maxPacket = limits.getMaxFrameSize().toBytes();
        Duration recoveryWindow = compat.getRecoveryWindow();
        var options = EngineIoServerOptions.newFromDefault();
        options.setAllowedCorsOrigins(origins.toArray(String[]::new));
        var engine = new EngineIoServer(options);
        var rooms = new Rooms(pipeline.interest(), pipeline.heardWaitMillis());
        var links = new WebSocketLinks();
        var conversations = jdbi.onDemand(ConversationDao.class);
        var recovery = new RecoveryStore(jdbi.onDemand(CompatSessionDao.class), conversations, json, recoveryWindow);
        // Counted with /ws's deliveries: the same meter.
        var delivery = new RoomDelivery(rooms, pipeline.history(), view, json, nodeId, env.metrics().meter(MetricNames.MESSAGES_DELIVERED));
        pipeline.bus().addListener(delivery);
        var events = new CompatEvents(json, rooms, pipeline.memberships(), pipeline.messages(), pipeline.addressLimiter(),
                conversations, limits.getFloodStrikes(), recovery);
        ExecutorService pool = env.lifecycle().executorService("socketio-%d").minThreads(4).maxThreads(4).build();
        new SocketIoServer(json, jwt, rooms, delivery, events, recovery, pipeline.memberships(), pipeline.presence(), pool,
                new SocketIoServer.Limits(maxPacket, socketsPerUser, limits.getMaxQueuedFrames(), compat.getRecoveryReplayLimit()),
                env.metrics(), links).attach(engine);
        env.lifecycle().manage(new RecoverySaver(rooms, recovery, engine, recoveryWindow));
        env.metrics().register(MetricNames.SOCKETIO_SOCKETS, (Gauge<Integer>) rooms::size);
        var servlet = env.servlets().addServlet("socket.io", new EngineIoServlet(engine, maxPacket,
                MAX_PACKETS_PER_POLL * maxPacket, Duration.ofMillis(limits.getIdleTimeout().toMilliseconds()),
                limits.getMaxQueuedFrames(), links, env.metrics().meter(MetricNames.SOCKETIO_DISCONNECTS_SLOW)));
        // Long-polling holds a GET open until there is something to send.
        servlet.setAsyncSupported(true);
        servlet.addMapping("/socket.io/*");
    }
}
