package io.pulsechat.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jackson.Jackson;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;

/** `server.reservedThreads` goes the way chat.yml goes: parsed, built by Dropwizard, started. */
class ServerThreadsTest {
    private static final ObjectMapper YAML = Jackson.newObjectMapper(new YAMLFactory());

    @Test
    void reservedThreadsReachThePoolOfTheStartedServer() throws Exception {
        assertThat(reservedThreadsOnceStarted("reservedThreads: 0")).isZero();
        assertThat(reservedThreadsOnceStarted("reservedThreads: 3")).isEqualTo(3);
    }

    @Test
    void leftOutItIsJettysOwnChoice() throws Exception {
        assertThat(reservedThreadsOnceStarted("")).isEqualTo(-1);
    }

    private static int reservedThreadsOnceStarted(String setting) throws Exception {
        ServerFactory factory = YAML.readValue("""
                type: chat
                %s
                applicationConnectors: [{type: http, port: 0, bindHost: 127.0.0.1}]
                adminConnectors: [{type: http, port: 0, bindHost: 127.0.0.1}]
                """.formatted(setting), ServerFactory.class);
        Server server = factory.build(new Environment("server-threads-test"));
        try {
            server.start();
            assertThat(server.isStarted()).isTrue();
            return ((QueuedThreadPool) server.getThreadPool()).getReservedThreads();
        } finally {
            server.stop();
        }
    }
}
