package io.pulsechat;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.auth.oauth.OAuthCredentialAuthFilter;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.migrations.MigrationsBundle;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.servlet.jakarta.exporter.MetricsServlet;
import io.pulsechat.auth.ChatPrincipal;
import io.pulsechat.auth.JwtAuthenticator;
import io.pulsechat.auth.JwtService;
import io.pulsechat.auth.PasswordHasher;
import io.pulsechat.bus.Dispatcher;
import io.pulsechat.bus.Interests;
import io.pulsechat.bus.MissedMessages;
import io.pulsechat.bus.RestWaiters;
import io.pulsechat.compat.CompatRoutes;
import io.pulsechat.compat.FrontendMessages;
import io.pulsechat.compat.socketio.SocketIoEndpoint;
import io.pulsechat.console.Console;
import io.pulsechat.core.FriendNews;
import io.pulsechat.core.MessageService;
import io.pulsechat.core.MetricNames;
import io.pulsechat.core.PendingMessages;
import io.pulsechat.core.RateLimiter;
import io.pulsechat.core.ReadReceipts;
import io.pulsechat.core.TypingNotices;
import io.pulsechat.db.ConversationDao;
import io.pulsechat.db.ConversationStore;
import io.pulsechat.core.ConversationUpdates;
import io.pulsechat.db.ConversationViews;
import io.pulsechat.db.DatabaseHealthCheck;
import io.pulsechat.db.FriendDao;
import io.pulsechat.db.FriendStore;
import io.pulsechat.db.GroupAdmin;
import io.pulsechat.db.MemberDao;
import io.pulsechat.db.MessageDao;
import io.pulsechat.core.MessageEditor;
import io.pulsechat.db.MessageStore;
import io.pulsechat.db.UserDao;
import io.pulsechat.health.AllocatedBytes;
import io.pulsechat.health.ClientLogThrottle;
import io.pulsechat.kafka.DeadLetters;
import io.pulsechat.kafka.KafkaFactory;
import io.pulsechat.kafka.KafkaMessageLog;
import io.pulsechat.redis.EventPublisher;
import io.pulsechat.redis.QueuedPublisher;
import io.pulsechat.redis.RedisPresence;
import io.pulsechat.resources.AuthResource;
import io.pulsechat.resources.AuthThrottle;
import io.pulsechat.resources.ChatExceptionMapper;
import io.pulsechat.resources.ConversationResource;
import io.pulsechat.resources.CorsFilter;
import io.pulsechat.resources.FriendResource;
import io.pulsechat.resources.HealthResource;
import io.pulsechat.resources.MeResource;
import io.pulsechat.resources.MessageResource;
import io.pulsechat.resources.RequestBodyFilter;
import io.pulsechat.resources.SecurityHeadersFilter;
import io.pulsechat.resources.UserResource;
import io.pulsechat.server.ServeCommand;
import io.pulsechat.ws.ChatWebSocketServlet;
import io.pulsechat.ws.FrameHandler;
import io.pulsechat.ws.Frames;
import io.pulsechat.ws.Heartbeat;
import io.pulsechat.ws.PresenceTracker;
import io.pulsechat.ws.SessionDelivery;
import io.pulsechat.ws.SessionInterests;
import io.pulsechat.ws.SessionRegistry;
import io.pulsechat.ws.SettledUpgrades;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import org.eclipse.jetty.ee10.websocket.server.config.JettyWebSocketServletContainerInitializer;
import org.eclipse.jetty.util.component.LifeCycle;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

public class ChatApplication extends Application<ChatConfiguration> {
    private static final Logger LOG = LoggerFactory.getLogger(ChatApplication.class);
    /** The largest REST body: requests are small JSON documents (a 4,000-character message is ~16 KB). */
    private static final int REST_BODY_LIMIT_BYTES = 256 * 1024;

    public static void main(String[] args) throws Exception {
        new ChatApplication().run(args);
    }

    @Override
    public String getName() {
        return "pulsechat";
    }

    @Override
    public void initialize(Bootstrap<ChatConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        bootstrap.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        // A key given twice is ambiguous input: refuse it rather than pick one.
        bootstrap.getObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        bootstrap.addBundle(new MigrationsBundle<>() {
            @Override
            public DataSourceFactory getDataSourceFactory(ChatConfiguration configuration) {
                return configuration.getDatabase();
            }
        });
    }

    /** `server` says what is wrong with a refused chat.yml in one line per setting; `check` as Dropwizard has it. */
    @Override
    protected void addDefaultCommands(Bootstrap<ChatConfiguration> bootstrap) {
        bootstrap.addCommand(new ServeCommand<>(this));
        bootstrap.addCommand(new CheckCommand<>(this));
    }

    @Override
    public void run(ChatConfiguration config, Environment env) {
        ObjectMapper json = env.getObjectMapper();
        MetricRegistry metrics = env.metrics();
        AllocatedBytes.register(metrics);
        String nodeId = config.getNodeId();

        // Dependencies, each with its health check; their clients' reconnection errors are logged once a minute at most.
        ClientLogThrottle.install();
        Jdbi jdbi = new JdbiFactory().build(env, config.getDatabase(), "postgres");
        DatabaseHealthCheck.replace(env, "postgres", jdbi, config.getDatabase());
        KafkaFactory kafka = config.getKafka();
        var kafkaAdmin = kafka.buildAdmin(env);
        var producer = kafka.buildProducer(env, "pulsechat-" + nodeId);
        UnifiedJedis redis = config.getRedis().buildClient(env);

        // Accounts and tokens.
        JwtService jwt = config.getJwt().build();
        PasswordHasher passwords = config.getPasswords().build();
        UserDao users = jdbi.onDemand(UserDao.class);

        // The message pipeline: node -> Kafka -> PostgreSQL -> Redis -> the nodes with sessions of the conversation.
        MemberDao memberDao = jdbi.onDemand(MemberDao.class);
        ExecutorService membershipLoader = env.lifecycle().executorService("memberships-%d")
                .minThreads(config.getMemberships().getLoaderThreads()).maxThreads(config.getMemberships().getLoaderThreads())
                .build();
        var memberships = config.getMemberships().build(memberDao, membershipLoader);
        var messageSettings = config.getMessages();
        ExecutorService kafkaSender = env.lifecycle().executorService("kafka-send").minThreads(1).maxThreads(1)
                .workQueue(new ArrayBlockingQueue<>(kafka.getSendQueue())).rejectedExecutionHandler(new ThreadPoolExecutor.AbortPolicy())
                .build();
        MessageDao history = jdbi.onDemand(MessageDao.class);

        // The bus: each node subscribes to the topics its sessions need (a conversation's, a user's), and hands
        // what comes to its listeners (REST waiters, /ws sessions, Socket.IO rooms).
        var redisConfig = config.getRedis();
        var channels = redisConfig.channels();
        var bus = new Dispatcher(json, channels, memberships, new MissedMessages(history, memberships, json));
        var interests = new Interests(redisConfig.buildSubscriber(env, redis, bus), channels,
                redisConfig.getUnsubscribeAfter().toMilliseconds(), System::currentTimeMillis);
        env.lifecycle().manage(interests);
        metrics.register(MetricNames.REDIS_SUBSCRIBER_TOPICS, (Gauge<Integer>) interests::size);
        var events = new EventPublisher(redis, channels, json);

        var messageService = new MessageService(memberships,
                new KafkaMessageLog(producer, kafka.getTopic(), json, metrics.meter(MetricNames.MESSAGES_PRODUCED), kafkaSender),
                new RateLimiter<>(messageSettings.getSendsPerSecond(), messageSettings.getSendBurst(), System::nanoTime),
                messageSettings, nodeId, metrics.meter(MetricNames.MESSAGES_RECEIVED), interests);
        var storedNews = new QueuedPublisher(events, kafka.getPublishQueue(), System::currentTimeMillis);
        // Managed before the storing loops: it starts first and stops last, after their final batches.
        env.lifecycle().manage(storedNews);
        kafka.buildPersistenceLoops(env, nodeId, new MessageStore(jdbi), new DeadLetters(producer, kafka.getDeadLetterTopic()),
                storedNews, json);
        var editor = new MessageEditor(history, memberships, messageService, events);

        // People and conversations: presence leases in Redis, read receipts, typing, conversation news.
        var wsSettings = config.getWebsocket();
        var presence = new RedisPresence(redis, nodeId, wsSettings.getPresenceTtl().toMilliseconds(),
                System::currentTimeMillis);
        FriendDao friends = jdbi.onDemand(FriendDao.class);
        var presenceTracker = new PresenceTracker(presence, friends::friendIds, events,
                wsSettings.getPresenceRefresh().toMilliseconds());
        env.lifecycle().manage(presenceTracker);
        var views = new ConversationViews(jdbi.onDemand(ConversationDao.class), presence);
        var conversationUpdates = new ConversationUpdates(views, memberships, events);
        var reads = new ReadReceipts(memberships, memberDao::advanceRead, events);
        var typing = new TypingNotices(memberships,
                new RateLimiter<>(wsSettings.getTypingPerSecond(), wsSettings.getTypingPerSecond(), System::nanoTime), events);

        var pending = new PendingMessages();
        bus.addListener(new RestWaiters(pending, json));

        // Delivery to this node's WebSocket sessions.
        var sessions = new SessionRegistry();
        metrics.register(MetricNames.WEBSOCKET_SESSIONS, (Gauge<Integer>) sessions::size);
        var frames = new Frames(json);
        bus.addListener(new SessionDelivery(frames, sessions, nodeId,
                metrics.meter(MetricNames.MESSAGES_DELIVERED), metrics.timer(MetricNames.MESSAGES_LATENCY)));
        env.lifecycle().manage(new Heartbeat(sessions, wsSettings.getPingInterval().toMilliseconds()));
        ExecutorService queries = env.lifecycle().executorService("ws-queries-%d")
                .minThreads(config.getWebsocket().getQueryThreads()).maxThreads(config.getWebsocket().getQueryThreads()).build();
        var sessionInterests = new SessionInterests(interests, memberDao::conversationIds, sessions, frames, queries);
        bus.addListener(sessionInterests);
        long heardWait = redisConfig.getTimeout().toMilliseconds();
        var abuse = config.getAbuse();
        var addressLimiter = new RateLimiter<String>(abuse.getSendsPerSecondPerAddress(), abuse.getSendsPerSecondPerAddress(),
                System::nanoTime);
        var handler = new FrameHandler(json, frames, messageService, memberships, history, typing, reads, queries,
                wsSettings, addressLimiter, sessionInterests);
        var origins = new HashSet<>(config.getAllowedOrigins());
        JettyWebSocketServletContainerInitializer.configure(env.getApplicationContext(), SettledUpgrades::install);
        env.servlets().addServlet("ws", new ChatWebSocketServlet(jwt, sessions, handler, presenceTracker, frames,
                        wsSettings, origins, abuse.getSessionsPerUser(), sessionInterests, heardWait))
                .addMapping("/ws");

        // REST.
        env.servlets().addFilter("cors", new CorsFilter(origins))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/api/*");
        env.servlets().addFilter("request-body", new RequestBodyFilter(REST_BODY_LIMIT_BYTES))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/api/*");
        env.servlets().addFilter("security-headers", new SecurityHeadersFilter())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/api/*", "/health");
        env.jersey().register(new AuthDynamicFeature(new OAuthCredentialAuthFilter.Builder<ChatPrincipal>()
                .setAuthenticator(new JwtAuthenticator(jwt))
                .setPrefix("Bearer")
                .setUnauthorizedHandler(new io.dropwizard.auth.JSONUnauthorizedHandler())
                .buildAuthFilter()));
        env.jersey().register(RolesAllowedDynamicFeature.class);
        env.jersey().register(new AuthValueFactoryProvider.Binder<>(ChatPrincipal.class));
        env.jersey().register(new ChatExceptionMapper());
        env.jersey().register(new AuthResource(users, passwords, jwt, new AuthThrottle(config.getAbuse())));
        env.jersey().register(new MeResource(users));
        env.jersey().register(new UserResource(users, presence));
        var friendNews = new FriendNews(presence, events);
        env.jersey().register(new FriendResource(new FriendStore(friends), friends, presence, friendNews));
        env.jersey().register(new ConversationResource(new ConversationStore(jdbi), new GroupAdmin(jdbi), views,
                conversationUpdates, reads));
        env.jersey().register(new MessageResource(messageService, pending, memberships, history, editor,
                Duration.ofMillis(messageSettings.getPersistWait().toMilliseconds())));

        // The original PulseChat frontend (Socket.IO and its REST routes): none of it exists unless switched on.
        var compat = config.getCompat();
        if (compat.isFrontendEnabled()) {
            var frontendMessages = new FrontendMessages(json, users);
            SocketIoEndpoint.register(env, new SocketIoEndpoint.Pipeline(messageService, memberships, addressLimiter,
                    bus, interests, heardWait, history, presenceTracker), jdbi, json, jwt, frontendMessages, wsSettings, origins,
                    abuse.getSessionsPerUser(), compat, nodeId);
            CompatRoutes.register(env, jdbi, json, jwt, memberships, frontendMessages, compat,
                    new CompatRoutes.News(editor, friendNews, conversationUpdates));
        }

        // Health and metrics.
        env.jersey().register(new HealthResource(env.healthChecks(), List.of("postgres", "redis", "kafka"),
                config.getHealthDeadline().toMilliseconds()));
        var prometheus = new CollectorRegistry();
        prometheus.register(new DropwizardExports(metrics));
        env.admin().addServlet("prometheus", new MetricsServlet(prometheus)).addMapping("/metrics/prometheus");

        // The ops console (admin port only): this node's figures live, and every node's through Redis.
        Console.install(env, redis, nodeId, config.getHealthDeadline().toMilliseconds(), kafka.groupPartitions(kafkaAdmin));

        // A node's log ends by saying so: Jetty tells its listeners once every managed object has stopped.
        env.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStopped(LifeCycle server) {
                LOG.info("node {} stopped", nodeId);
            }
        });
    }
}
