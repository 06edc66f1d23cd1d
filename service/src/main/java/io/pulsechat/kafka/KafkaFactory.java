package io.pulsechat.kafka;

import com.codahale.metrics.Gauge;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.OneOf;
import io.dropwizard.validation.ValidationMethod;
import io.pulsechat.core.Events;
import io.pulsechat.core.MetricNames;
import io.pulsechat.db.MessageStore;
import io.pulsechat.health.DependencyErrors;
import io.pulsechat.health.OutageLog;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The one place that knows how PulseChat's Kafka clients are built. */
public class KafkaFactory {
    @NotEmpty @JsonProperty private String bootstrapServers = "127.0.0.1:19092";
    @NotEmpty @JsonProperty private String topic = "messages";
    @NotEmpty @JsonProperty private String deadLetterTopic = "messages.dlq";
    @Min(1) @Max(10_000) @JsonProperty private int partitions = 8;
    /**
     * Consumers (threads) per node that store messages. Each owns some partitions and stores their
     * batches in its own transactions, so that one batch's commit does not wait for another's. One
     * per node is the default: one consumer fetching for all the node's partitions makes fewer, larger
     * batches, and cost less CPU in the node, Kafka and PostgreSQL per message, at a lower p99, than two
     * (the A/B is in bench/TUNING.md). 0: the node stores nothing and only sends and delivers, so that
     * a large cluster keeps fewer storing consumers than nodes and each one's batches stay large (the
     * scale-out measurement is in bench/RESULTS.md); at least one node of the cluster must store.
     */
    @Min(0) @Max(64) @JsonProperty private int consumerThreads = 1;
    @Min(1) @Max(5) @JsonProperty private short replicationFactor = 1;
    /**
     * The topics' min.insync.replicas when the node creates them: with the producer's acks=all, a send
     * is acknowledged only once this many replicas hold it, and refused (`unavailable`) while fewer are
     * in sync. 2 with a replication factor of 3: any one broker may die without losing an ack or
     * stopping sends.
     */
    @Min(1) @Max(5) @JsonProperty private int minInSyncReplicas = 1;
    @NotEmpty @JsonProperty private String consumerGroup = "pulsechat-persister";
    @NotNull @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS) @MaxDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty private Duration linger = Duration.milliseconds(2);
    /**
     * Produce requests in flight per broker connection. With 1, sends queue up while a request is
     * out and leave together in the next one (as the reference does): fewer, larger requests for the
     * broker to handle. Idempotence keeps the order either way.
     */
    @Min(1) @Max(5) @JsonProperty private int maxInFlight = 1;
    /**
     * How much a storing consumer's fetch waits for (fetch.min.bytes / fetch.max.wait.ms): larger
     * batches mean fewer fetches for the broker and fewer SQL statements, Redis publishes and
     * subscriber wake-ups per message, for up to fetchMaxWait more latency (the trade measured is in
     * bench/TUNING.md).
     */
    @Min(1) @Max(50 * 1024 * 1024) @JsonProperty private int fetchMinBytes = 16384;
    @NotNull @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS) @MaxDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty private Duration fetchMaxWait = Duration.milliseconds(5);
    /**
     * Records are ~200 bytes of JSON with random UUIDs; compressing them costs the node CPU on every
     * batch and saves little on a local network. Set lz4 or zstd where broker bandwidth is scarce.
     */
    @NotNull @OneOf({"none", "gzip", "snappy", "lz4", "zstd"}) @JsonProperty private String compression = "none";
    /**
     * How long a send may wait for the brokers before the client is told `unavailable`. On a cluster,
     * above its failover time (README "Running on clusters"), so that a broker's death delays sends
     * rather than refusing them.
     */
    @NotNull @MinDuration(value = 1, unit = TimeUnit.SECONDS) @MaxDuration(value = 5, unit = TimeUnit.MINUTES)
    @JsonProperty private Duration produceTimeout = Duration.seconds(5);
    @Min(1) @Max(100_000) @JsonProperty private int maxPollRecords = 1000;
    /**
     * How often a storing consumer commits its offsets at most. Stored records above the last commit
     * are stored again (idempotently) and published again by the next owner after a crash.
     */
    @NotNull @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS) @MaxDuration(value = 1, unit = TimeUnit.MINUTES)
    @JsonProperty private Duration commitInterval = Duration.milliseconds(200);
    /**
     * How long the group waits for a silent member (a node killed or cut off) before its partitions go
     * to another node: the bulk of a dead node's takeover time. 6 s is the least a broker accepts with
     * its defaults (group.min.session.timeout.ms), which managed services keep. Kafka 4's consumer
     * group protocol (KIP-848) would move this to the broker, where it defaults to, and may not go
     * under, 45 s: so the classic protocol. A stopping node leaves the group at once, whatever this is.
     */
    @NotNull @MinDuration(value = 6, unit = TimeUnit.SECONDS) @MaxDuration(value = 30, unit = TimeUnit.MINUTES)
    @JsonProperty private Duration sessionTimeout = Duration.seconds(6);
    /**
     * How often each consumer tells the group it is alive, and how soon a healthy node learns that the
     * group is rebalancing: both add up to a dead node's takeover time (README "Running on clusters").
     * A shorter interval also leaves more of the session timeout as slack for a GC pause.
     */
    @NotNull @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS) @MaxDuration(value = 10, unit = TimeUnit.SECONDS)
    @JsonProperty private Duration heartbeatInterval = Duration.milliseconds(250);
    @NotNull @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS) @MaxDuration(value = 30, unit = TimeUnit.SECONDS)
    @JsonProperty private Duration healthTimeout = Duration.seconds(2);
    /** A storing consumer that has had records to store for this long without storing any makes the node unhealthy. */
    @NotNull @MinDuration(value = 1, unit = TimeUnit.SECONDS) @MaxDuration(value = 10, unit = TimeUnit.MINUTES)
    @JsonProperty private Duration stallTimeout = Duration.seconds(10);
    /** Sends waiting for the producer: beyond this many, a send is answered `unavailable` at once. */
    @Min(1) @Max(1_000_000) @JsonProperty private int sendQueue = 10_000;
    /** Stored-message events waiting to go out on Redis: beyond this many they are dropped, and nodes catch up from PostgreSQL. */
    @Min(1) @Max(1_000_000) @JsonProperty private int publishQueue = 10_000;
    @JsonIgnore private final List<PersistenceLoop> loops = new CopyOnWriteArrayList<>();
    /** TLS and SASL for managed Kafka (Aiven, Confluent Cloud, MSK); PLAINTEXT by default. */
    @Valid @NotNull @JsonProperty private KafkaSecurity security = new KafkaSecurity();
    /**
     * Any other client property a provider asks for (e.g. `client.dns.lookup`), given to the producer,
     * the consumers and the admin client alike; it wins over the node's own value of the same key.
     */
    @NotNull @JsonProperty private Map<String, String> properties = new LinkedHashMap<>();

    @ValidationMethod(message = "kafka.heartbeatInterval must be at most a third of kafka.sessionTimeout")
    public boolean isHeartbeatWellInsideTheSession() {
        return heartbeatInterval.toMilliseconds() * 3 <= sessionTimeout.toMilliseconds();
    }

    @ValidationMethod(message = "kafka.minInSyncReplicas must not exceed kafka.replicationFactor")
    public boolean isMinInSyncReplicasReachable() {
        return minInSyncReplicas <= replicationFactor;
    }

    public String getTopic() { return topic; }
    public String getDeadLetterTopic() { return deadLetterTopic; }

    /** The admin client: creates the topics at start-up and backs the `kafka` health check. */
    public Admin buildAdmin(Environment environment) {
        if (!security.usesTls()) {
            TlsListenerCheck.refuseTlsListener(bootstrapServers, security.getProtocol(), (int) healthTimeout.toMilliseconds());
        }
        var props = new Properties();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) healthTimeout.toMilliseconds());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.max(healthTimeout.toMilliseconds(), 5000));
        Admin admin = Admin.create(clientProperties(props));
        var topics = new KafkaTopics(admin, topic, deadLetterTopic, partitions, replicationFactor, minInSyncReplicas);
        environment.lifecycle().manage(new Managed() {
            @Override public void start() { topics.start(); }
            @Override public void stop() throws InterruptedException {
                topics.stop();
                admin.close();
            }
        });
        environment.healthChecks().register("kafka", new KafkaHealthCheck(admin, healthTimeout, this::consumerProblem));
        return admin;
    }

    /** Reads who owns each partition of the messages topic in the storing group, and its lag, through {@code admin}. */
    public GroupPartitions groupPartitions(Admin admin) {
        return new GroupPartitions(admin, topic, consumerGroup, healthTimeout.toMilliseconds(), System::currentTimeMillis);
    }

    /** An idempotent producer with acks=all; closed (after a flush) when the node stops. */
    public KafkaProducer<String, byte[]> buildProducer(Environment environment, String clientId) {
        var props = new Properties();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, (int) linger.toMilliseconds());
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, maxInFlight);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        int timeout = (int) produceTimeout.toMilliseconds();
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeout, 3000));
        // send() blocks while it has no metadata; a Jetty thread must not wait long for a down broker.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000);
        var producer = new KafkaProducer<>(clientProperties(props), new StringSerializer(), new ByteArraySerializer());
        environment.lifecycle().manage(new Managed() {
            /**
             * The topic's metadata, fetched before the first client's send: otherwise that send() blocks
             * while the producer fetches it, and on a busy machine the sends queued behind it were
             * answered `unavailable` (the sender counts as blocked after a while). Kafka being down
             * does not stop the node: sends answer `unavailable` until it is back, as /health says.
             */
            @Override public void start() {
                var metadata = OutageLog.of("kafka").source("sends");
                try {
                    producer.partitionsFor(topic);
                    metadata.recovered();
                } catch (KafkaException e) {
                    metadata.failed("no metadata for topic " + topic + " (" + DependencyErrors.describe(e)
                            + "); sends are answered `unavailable` until Kafka answers");
                }
            }
            @Override public void stop() {
                producer.flush();
                producer.close();
            }
        });
        return producer;
    }

    /**
     * The node's members of the storing consumer group, started and drained with the node. They tell
     * the nodes what they stored through {@code events}: a queue of its own (see {@link #getPublishQueue()}),
     * so that a slow or absent Redis never slows storing.
     */
    public List<PersistenceLoop> buildPersistenceLoops(Environment environment, String nodeId, MessageStore store,
                                                       DeadLetters deadLetters, Events events, ObjectMapper json) {
        for (int i = 0; i < consumerThreads; i++) {
            String name = "persistence-loop-" + i;
            var loop = new PersistenceLoop(name, buildConsumer("pulsechat-" + nodeId + "-" + i), topic, store, deadLetters,
                    events, json, environment.metrics(), java.time.Duration.ofMillis(commitInterval.toMilliseconds()));
            environment.lifecycle().manage(loop);
            loops.add(loop);
        }
        environment.metrics().register(MetricNames.KAFKA_CONSUMER_LAG,
                (Gauge<Long>) () -> loops.stream().mapToLong(PersistenceLoop::lag).sum());
        environment.metrics().register(MetricNames.KAFKA_CONSUMER_PARTITIONS,
                (Gauge<Integer>) () -> loops.stream().mapToInt(PersistenceLoop::assignedPartitions).sum());
        return List.copyOf(loops);
    }

    /** Null while every storing consumer keeps up; otherwise which one is stuck, for the `kafka` check. */
    private String consumerProblem() {
        for (PersistenceLoop loop : loops) {
            long stalled = loop.stalledMillis();
            if (stalled > stallTimeout.toMilliseconds()) {
                return "the storing consumer has stored nothing for " + stalled / 1000 + " s with a lag of " + loop.lag();
            }
        }
        return null;
    }

    public int getConsumerThreads() { return consumerThreads; }

    public int getSendQueue() { return sendQueue; }

    public int getPublishQueue() { return publishQueue; }

    public KafkaConsumer<String, byte[]> buildConsumer(String clientId) {
        var props = new Properties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, consumerGroup);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, fetchMinBytes);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) fetchMaxWait.toMilliseconds());
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMilliseconds());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) heartbeatInterval.toMilliseconds());
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        return new KafkaConsumer<>(clientProperties(props), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * The one method that completes every client's properties: the brokers, security (TLS, SASL), the
     * client's own settings, then `kafka.properties`.
     */
    public Properties clientProperties(Properties own) {
        var props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.putAll(security.clientProperties());
        props.putAll(own);
        props.putAll(properties);
        return props;
    }
}
