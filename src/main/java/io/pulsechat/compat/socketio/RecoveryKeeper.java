package io.pulsechat.compat.socketio;

import io.dropwizard.lifecycle.Managed;
import io.socket.engineio.server.EngineIoServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the recovery state of live sockets fresh in PostgreSQL (so that a node that dies still leaves
 * recoverable sessions behind), deletes expired ones, and on stop saves every socket before closing.
 */
final class RecoveryKeeper implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(RecoveryKeeper.class);

    private final Rooms rooms;
    private final RecoveryStore store;
    private final EngineIoServer engine;
    private final Duration every;
    private ScheduledExecutorService timer;

    RecoveryKeeper(Rooms rooms, RecoveryStore store, EngineIoServer engine, Duration window) {
        this.rooms = rooms;
        this.store = store;
        this.engine = engine;
        this.every = window.dividedBy(4).compareTo(Duration.ofSeconds(30)) < 0 ? window.dividedBy(4) : Duration.ofSeconds(30);
    }

    @Override
    public void start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "socketio-recovery"));
        timer.scheduleWithFixedDelay(this::saveAll, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        timer.shutdown();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        saveAll();
        engine.shutdown();
    }

    private void saveAll() {
        try {
            List<CompletableFuture<Void>> saves = rooms.all().stream()
                    .map(socket -> CompletableFuture.supplyAsync(socket::snapshot, socket.executor()).thenAccept(store::save))
                    .toList();
            CompletableFuture.allOf(saves.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            store.deleteExpired();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("saving Socket.IO sessions for recovery failed: {}", e.toString());
        }
    }
}
