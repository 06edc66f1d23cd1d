package io.pulsechat.compat.socketio;

import io.dropwizard.lifecycle.Managed;
import io.socket.engineio.server.EngineIoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves the recovery state of live sockets through {@link RecoveryStore}, so that a node that dies
 * (even by SIGKILL) still leaves recoverable sessions behind: every second the sockets that received or
 * joined something, every 30 s all of them (which also keeps their rows from expiring), and on stop
 * every socket before closing. Deletes expired sessions.
 */
final class RecoverySaver implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(RecoverySaver.class);
    private static final Duration CHANGED_EVERY = Duration.ofSeconds(1);
    private static final Duration ALL_EVERY = Duration.ofSeconds(30);

    private final Rooms rooms;
    private final RecoveryStore store;
    private final EngineIoServer engine;
    private final long ticksPerFullSave;
    private long ticks;
    private ScheduledExecutorService timer;

    RecoverySaver(Rooms rooms, RecoveryStore store, EngineIoServer engine, Duration window) {
        this.rooms = rooms;
        this.store = store;
        this.engine = engine;
        Duration all = window.dividedBy(4).compareTo(ALL_EVERY) < 0 ? window.dividedBy(4) : ALL_EVERY;
        this.ticksPerFullSave = Math.max(1, all.toMillis() / CHANGED_EVERY.toMillis());
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "socketio-recovery"));
        timer.scheduleWithFixedDelay(this::tick, CHANGED_EVERY.toMillis(), CHANGED_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        timer.shutdown();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        save(CompatSocket::snapshot);
        engine.shutdown();
    }

    private void tick() {
        if (++ticks % ticksPerFullSave == 0) {
            save(CompatSocket::snapshot);
            deleteExpired();
        } else {
            save(CompatSocket::snapshotIfChanged);
        }
    }

    /** Snapshots are taken on each socket's executor, then saved in one batch. */
    private void save(Function<CompatSocket, SessionState> snapshot) {
        Collection<CompatSocket> sockets = new ArrayList<>(rooms.all());
        try {
            List<CompletableFuture<SessionState>> taken = sockets.stream()
                    .map(socket -> CompletableFuture.supplyAsync(() -> snapshot.apply(socket), socket.executor()))
                    .toList();
            CompletableFuture.allOf(taken.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            store.saveAll(taken.stream().map(CompletableFuture::join).filter(Objects::nonNull).toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            sockets.forEach(socket -> socket.executor().execute(socket::markChanged));
            LOG.warn("saving Socket.IO sessions for recovery failed; retrying at the next save: {}", e.toString());
        }
    }

    private void deleteExpired() {
        try {
            store.deleteExpired();
        } catch (RuntimeException e) {
            LOG.warn("deleting expired Socket.IO sessions failed: {}", e.toString());
        }
    }
}
