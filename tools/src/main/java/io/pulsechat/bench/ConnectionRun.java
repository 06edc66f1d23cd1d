package io.pulsechat.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Ramps idle authenticated sessions up step by step and measures what each costs the node: heap
 * after a full GC and RSS, both above the level before the first session. Stops at the first step
 * where sessions fail to open: the highest count before it is what the box holds. With a barrier,
 * it then waits for the other generators and measures once more while all their sessions are open.
 */
public final class ConnectionRun {
    /**
     * One measurement; per-session figures are above the baseline taken before any session opened.
     * {@code together}: taken after every generator at the barrier had ramped, before any closed.
     */
    public record Step(int attempted, int open, int failed, long nodeSessions, long heapBytes, long rssBytes,
                       double heapBytesPerSession, double rssBytesPerSession, long generatorRssBytes,
                       double openSeconds, boolean together) {}

    private static final Duration BARRIER_DEADLINE = Duration.ofMinutes(10);

    private final ConnectionSettings settings;
    private final ObjectMapper json;

    public ConnectionRun(ConnectionSettings settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
    }

    public List<Step> run() throws Exception {
        List<Population.BenchUser> users = new Setup(json, settings.urls(), settings.registerConcurrency())
                .register(settings.users(), settings.password());
        List<NodeProbe> probes = new ArrayList<>();
        for (int i = 0; i < settings.adminUrls().size(); i++) {
            probes.add(new NodeProbe(json, settings.adminUrls().get(i), i < settings.pids().size() ? settings.pids().get(i) : 0));
        }
        NodeProbe.Memory baseline = measure(probes);
        Report.printLine(String.format("baseline: heap %.1f MiB, RSS %.1f MiB", baseline.heapBytes() / 1048576.0,
                baseline.rssBytes() / 1048576.0));
        List<IdleSocket> sockets = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        try (var clients = new Clients(settings.sourceAddresses(), settings.maxConnecting())) {
            int failed = 0;
            while (sockets.size() < settings.sessions() && failed == 0) {
                int target = Math.min(settings.sessions(), sockets.size() + settings.step());
                long started = System.nanoTime();
                failed = open(clients, users, sockets, target);
                double seconds = (System.nanoTime() - started) / 1e9;
                steps.add(measureStep(probes, baseline, sockets, target, failed, seconds, false));
            }
            if (settings.barrier() != null) {
                var barrier = new Barrier(settings.barrier(), settings.parties());
                boolean together = barrier.await("ramped", BARRIER_DEADLINE);
                Report.printLine(together ? "every generator has ramped; measuring with all sessions open"
                        : "not every generator ramped before the deadline; measuring anyway");
                Step last = steps.get(steps.size() - 1);
                steps.add(measureStep(probes, baseline, sockets, last.attempted(), last.failed(), 0, together));
                if (!barrier.await("measured", BARRIER_DEADLINE)) {
                    Report.printLine("not every generator measured before the deadline");
                }
            }
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(settings.holdSeconds()));
            sockets.forEach(IdleSocket::close);
        }
        return steps;
    }

    private static Step measureStep(List<NodeProbe> probes, NodeProbe.Memory baseline, List<IdleSocket> sockets,
                                    int target, int failed, double seconds, boolean together) throws Exception {
        int open = (int) sockets.stream().filter(IdleSocket::isOpen).count();
        NodeProbe.Memory memory = measure(probes);
        long heap = memory.heapBytes() - baseline.heapBytes();
        long rss = memory.rssBytes() - baseline.rssBytes();
        var step = new Step(target, open, failed, memory.sessions(), memory.heapBytes(), memory.rssBytes(),
                open == 0 ? 0 : (double) heap / open, open == 0 ? 0 : (double) rss / open,
                ProcessCpu.rssBytes(ProcessHandle.current().pid()), seconds, together);
        Report.printLine(String.format("sessions %6d open %6d failed %5d (node counts %6d) in %5.1f s: "
                        + "heap %7.1f MiB (%6.0f B/session), RSS %7.1f MiB (%6.0f B/session), generator RSS %6.1f MiB%s",
                target, open, failed, memory.sessions(), seconds, memory.heapBytes() / 1048576.0,
                step.heapBytesPerSession(), memory.rssBytes() / 1048576.0, step.rssBytesPerSession(),
                step.generatorRssBytes() / 1048576.0, together ? " (all generators ramped)" : ""));
        return step;
    }

    /** Opens sessions until there are {@code target}; answers how many failed to open. */
    private int open(Clients clients, List<Population.BenchUser> users, List<IdleSocket> sockets, int target)
            throws InterruptedException {
        List<CompletableFuture<Void>> ready = new ArrayList<>();
        for (int i = sockets.size(); i < target; i++) {
            var socket = new IdleSocket();
            sockets.add(socket);
            Population.BenchUser user = users.get(i % users.size());
            ready.add(clients.connect(socket, settings.urls().get(i % settings.urls().size()), user.token())
                    .thenCompose(v -> socket.ready()));
        }
        try {
            CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new))
                    .exceptionally(e -> null)
                    .get(5, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            Report.printLine("opening sessions did not finish: " + e);
        }
        int failed = 0;
        Throwable example = null;
        for (CompletableFuture<Void> f : ready) {
            if (!f.isDone() || f.isCompletedExceptionally()) {
                failed++;
                if (example == null && f.isCompletedExceptionally()) {
                    example = f.handle((v, e) -> e).join();
                }
            }
        }
        if (example != null) {
            Report.printLine("a session failed to open: " + example);
        }
        return failed;
    }

    private static NodeProbe.Memory measure(List<NodeProbe> probes) throws Exception {
        long sessions = 0;
        long heap = 0;
        long rss = 0;
        for (NodeProbe probe : probes) {
            NodeProbe.Memory m = probe.measure();
            sessions += m.sessions();
            heap += m.heapBytes();
            rss += m.rssBytes();
        }
        return new NodeProbe.Memory(sessions, heap, rss);
    }
}
