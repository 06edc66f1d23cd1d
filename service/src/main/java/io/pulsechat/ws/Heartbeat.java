package io.pulsechat.ws;

import io.dropwizard.lifecycle.Managed;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Pings every session now and then, so that quiet but healthy clients are not closed as idle. */
public class Heartbeat implements Managed {
    private final SessionRegistry sessions;
    private final long intervalMillis;
    private ScheduledExecutorService timer;

    public Heartbeat(SessionRegistry sessions, long intervalMillis) {
        this.sessions = sessions;
        this.intervalMillis = intervalMillis;
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ws-heartbeat");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> sessions.all().forEach(ChatSession::ping),
                intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        timer.shutdownNow();
    }
}
