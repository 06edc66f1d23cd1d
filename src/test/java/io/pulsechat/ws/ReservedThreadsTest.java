package io.pulsechat.ws;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;

class ReservedThreadsTest {
    @Test
    void theSettingReachesJettysPoolBeforeItStarts() throws Exception {
        var pool = new QueuedThreadPool();
        var server = new Server(pool);
        server.addEventListener(new ReservedThreads(0));
        try {
            server.start();
            assertThat(pool.getReservedThreads()).isZero();
        } finally {
            server.stop();
        }
    }

    @Test
    void minusOneLeavesJettysOwnChoice() throws Exception {
        var pool = new QueuedThreadPool();
        var server = new Server(pool);
        server.addEventListener(new ReservedThreads(-1));
        try {
            server.start();
            assertThat(pool.getReservedThreads()).isEqualTo(-1);
        } finally {
            server.stop();
        }
    }
}
