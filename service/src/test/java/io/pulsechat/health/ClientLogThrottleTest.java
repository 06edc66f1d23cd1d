package io.pulsechat.health;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;

class ClientLogThrottleTest {
    private final LoggerContext context = new LoggerContext();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final java.util.Map<String, OutageLog> outages = new java.util.HashMap<>();
    private final ClientLogThrottle throttle = new ClientLogThrottle(now::get,
            dependency -> outages.computeIfAbsent(dependency, d -> new OutageLog(d, now::get)));

    @Test
    void aKafkaClientsAuthenticationFailureIsKafkasOutageLoggedOnceAndTheClientsOwnLinesAreDropped() {
        var consumer = context.getLogger("org.apache.kafka.clients.NetworkClient");
        String format = "[Consumer clientId=c, groupId=g] Connection to node {} ({}) failed authentication due to: {}";
        Object[] params = {-1, "127.0.0.1:9094", "Authentication failed: Invalid username or password"};

        assertThat(throttle.decide(null, consumer, Level.ERROR, format, params, null)).isEqualTo(FilterReply.DENY);
        assertThat(outages.get("kafka").isDown()).as("reported as Kafka's outage").isTrue();
        assertThat(outages.get("kafka").failed("again")).as("logged once already").isNull();
        String producer = "[Producer clientId=p] Connection to node {} ({}) failed authentication due to: {}";
        assertThat(throttle.decide(null, consumer, Level.ERROR, producer, params, null)).isEqualTo(FilterReply.DENY);
        assertThat(throttle.decide(null, context.getLogger("org.apache.kafka.common.network.Selector"), Level.WARN,
                "some other complaint", null, null)).as("while Kafka's outage is logged").isEqualTo(FilterReply.DENY);
    }

    @Test
    void whileADependencysOutageIsLoggedItsClientsWarningsAreDropped() {
        var jedis = context.getLogger("redis.clients.jedis.JedisFactory");
        outages.computeIfAbsent("redis", d -> new OutageLog(d, now::get)).failed("connection refused");

        assertThat(throttle.decide(null, jedis, Level.WARN, "reconnecting", null, null)).isEqualTo(FilterReply.DENY);
        outages.get("redis").recovered();
        assertThat(throttle.decide(null, jedis, Level.WARN, "reconnecting", null, null)).isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void aClientsRepeatedWarningPassesOnceAMinute() {
        var kafka = context.getLogger("org.apache.kafka.clients.NetworkClient");
        String format = "Error while fetching metadata with correlation id {} : {}";

        assertThat(throttle.decide(null, kafka, Level.ERROR, format, null, null)).isEqualTo(FilterReply.NEUTRAL);
        now.addAndGet(1_000);
        assertThat(throttle.decide(null, kafka, Level.ERROR, format, null, null)).isEqualTo(FilterReply.DENY);
        assertThat(throttle.decide(null, kafka, Level.WARN, "another message", null, null)).isEqualTo(FilterReply.NEUTRAL);
        now.addAndGet(ClientLogThrottle.WINDOW_MS);
        assertThat(throttle.decide(null, kafka, Level.ERROR, format, null, null)).isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void ourOwnWarningsPassUnlessTheyCarryAKafkaAuthenticationFailure() {
        var ours = context.getLogger("io.pulsechat.kafka.PersistenceLoop");
        String format = "{} failed on a batch of {} records; retrying it";
        Object[] refused = {"loop", 0, new SaslAuthenticationException("invalid credentials")};

        assertThat(throttle.decide(null, ours, Level.ERROR, format, new Object[] {"loop", 3, new IllegalStateException()}, null))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(throttle.decide(null, ours, Level.ERROR, format, new Object[] {"loop", 3, new IllegalStateException()}, null))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(throttle.decide(null, ours, Level.ERROR, format, refused, null)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(throttle.decide(null, ours, Level.ERROR, format, refused, null)).isEqualTo(FilterReply.DENY);
    }

    @Test
    void debugAndInfoAreNotItsBusiness() {
        var kafka = context.getLogger("org.apache.kafka.clients.NetworkClient");
        kafka.setLevel(Level.DEBUG);

        assertThat(throttle.decide(null, kafka, Level.INFO, "same", null, null)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(throttle.decide(null, kafka, Level.INFO, "same", null, null)).isEqualTo(FilterReply.NEUTRAL);
    }
}
