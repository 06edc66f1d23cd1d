package io.pulsechat.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.websocket.api.Callback;

/**
 * The messaging benchmark: users, conversations and one socket per user, then each rate step in
 * turn over the same sockets: send, drain, check, measure.
 */
public final class MessageRun {
    private static final long START_DELAY_NANOS = 200_000_000L;
    private static final long DRAIN_POLL_NANOS = 50_000_000L;
    private static final int PRIME_SECONDS = 60;

    private final BenchSettings settings;
    private final ObjectMapper json;
    private final LongAdder sendFailures = new LongAdder();

    public MessageRun(BenchSettings settings, ObjectMapper json) {
        this.settings = settings;
        this.json = json;
    }

    public List<StepResult> run() throws Exception {
        Population population = new Setup(json, settings.urls(), settings.registerConcurrency())
                .create(settings.users(), settings.directs(), settings.groups(), settings.groupSize(), settings.password(),
                        settings.layout());
        long capacity = population.conversations().size() + 16L;
        for (int i = 0; i < settings.rates().size(); i++) {
            capacity += ((long) settings.rates().get(i) * (settings.warmupSecondsOf(i) + settings.durationSeconds()) + 1)
                    * settings.repeats();
        }
        var ledger = new Ledger(population, Math.toIntExact(capacity));
        Callback onSent = Callback.from(() -> { }, failure -> sendFailures.increment());
        List<BenchSocket> sockets = new ArrayList<>();
        try (var clients = new Clients(1, 256)) {
            List<CompletableFuture<Void>> ready = new ArrayList<>();
            for (Population.BenchUser user : population.users()) {
                var socket = new BenchSocket(user.index(), ledger, population.conversations().size(), onSent);
                sockets.add(socket);
                ready.add(clients.connect(socket, settings.urls().get(user.index() % settings.urls().size()), user.token())
                        .thenCompose(v -> socket.ready()));
            }
            CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            var scheduler = new SendScheduler(ledger, sockets, settings.bodyBytes(), settings.seed());
            prime(ledger, scheduler);
            List<StepResult> steps = new ArrayList<>();
            for (int i = 0; i < settings.rates().size(); i++) {
                List<StepResult> repetitions = new ArrayList<>();
                for (int r = 0; r < settings.repeats(); r++) {
                    StepResult repetition = step(ledger, scheduler, settings.rates().get(i),
                            r == 0 ? settings.warmupSecondsOf(i) : settings.warmupSeconds());
                    Report.printStep(repetition);
                    repetitions.add(repetition);
                }
                StepResult step = StepResult.ofRepetitions(repetitions);
                steps.add(step);
                if (settings.repeats() > 1) {
                    Report.printRepetitions(step);
                }
                if (settings.stopOnFailure() && !step.passed()) {
                    break;
                }
            }
            sockets.forEach(BenchSocket::close);
            return steps;
        }
    }

    /**
     * One message per conversation, waited for before any step: a node that has just started may
     * still be joining its consumer group, and that wait is not what the steps measure.
     */
    private void prime(Ledger ledger, SendScheduler scheduler) {
        int first = ledger.sent();
        long now = System.nanoTime();
        for (Population.BenchConversation c : ledger.population().conversations()) {
            scheduler.send(c.index(), c.members()[0], now);
        }
        drain(ledger, first, TimeUnit.SECONDS.toNanos(PRIME_SECONDS));
        int last = ledger.sent();
        if (ledger.ackedOf(first, last) < last - first || ledger.receivedOf(first, last) < ledger.expectedReceives(first, last)) {
            throw new IllegalStateException("the first message of each conversation did not come through within "
                    + PRIME_SECONDS + " s; is the node's pipeline up?");
        }
        Report.printLine("primed " + (last - first) + " conversations");
    }

    private StepResult step(Ledger ledger, SendScheduler scheduler, int rate, int warmupSeconds) throws Exception {
        Map<Violation, Long> violationsBefore = ledger.violationCounts();
        Map<String, Long> errorsBefore = ledger.errorCounts();
        long failuresBefore = sendFailures.sum();
        int first = ledger.sent();
        int warmup = rate * warmupSeconds;
        int measured = rate * settings.durationSeconds();
        long start = System.nanoTime() + START_DELAY_NANOS;
        long windowStart = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long windowEnd = windowStart + TimeUnit.SECONDS.toNanos(settings.durationSeconds());
        ledger.measureBetween(windowStart, windowEnd);
        double streamStartEpochSeconds = 0;
        if (settings.windowMillis() > 0) {
            long stepNanos = windowEnd - start;
            long length = TimeUnit.MILLISECONDS.toNanos(settings.windowMillis());
            ledger.windows(start, length, (int) ((stepNanos + length - 1) / length));
            streamStartEpochSeconds = System.currentTimeMillis() / 1000.0 + (start - System.nanoTime()) / 1e9;
        }
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        CompletableFuture<Map<String, Long>> cpuStart = new CompletableFuture<>();
        CompletableFuture<Map<String, Long>> cpuEnd = new CompletableFuture<>();
        var allocation = new AllocationProbe(json, settings.adminUrls());
        CompletableFuture<Map<String, Long>> allocatedStart = new CompletableFuture<>();
        CompletableFuture<Map<String, Long>> allocatedEnd = new CompletableFuture<>();
        sampler.schedule(() -> {
            cpuStart.complete(ProcessCpu.sample(settings.cpuPids()));
            sampleInto(allocatedStart, allocation);
        }, windowStart - System.nanoTime(), TimeUnit.NANOSECONDS);
        sampler.schedule(() -> {
            cpuEnd.complete(ProcessCpu.sample(settings.cpuPids()));
            sampleInto(allocatedEnd, allocation);
        }, windowEnd - System.nanoTime(), TimeUnit.NANOSECONDS);
        long lastSend;
        try {
            lastSend = scheduler.run(start, rate, warmup + measured);
            drain(ledger, first, TimeUnit.SECONDS.toNanos(settings.drainSeconds()));
        } finally {
            sampler.shutdown();
        }
        int last = ledger.sent();
        ledger.countMissing(first, last);

        int windowFirst = first + warmup;
        double windowSeconds = Math.max(lastSend, windowEnd) - windowStart;
        windowSeconds /= 1e9;
        double achieved = measured / windowSeconds;
        double deliveries = ledger.receivedOf(windowFirst, last) / windowSeconds;
        Map<String, Double> perMessage = new LinkedHashMap<>();
        Map<String, Double> cores = new LinkedHashMap<>();
        Map<String, Long> before = cpuStart.get(1, TimeUnit.MINUTES);
        cpuEnd.get(1, TimeUnit.MINUTES).forEach((name, nanos) -> {
            long used = nanos - before.getOrDefault(name, 0L);
            perMessage.put(name, used / 1000.0 / Math.max(1, measured));
            cores.put(name, used / 1e9 / settings.durationSeconds());
        });

        Map<String, Double> allocated = new LinkedHashMap<>();
        Map<String, Long> allocatedBefore = allocatedStart.get(1, TimeUnit.MINUTES);
        allocatedEnd.get(1, TimeUnit.MINUTES).forEach((name, bytes) -> {
            if (allocatedBefore.containsKey(name)) {
                allocated.put(name, (bytes - allocatedBefore.get(name)) / (double) Math.max(1, measured));
            }
        });

        Map<String, Long> violations = new LinkedHashMap<>();
        Map<Violation, Long> after = ledger.violationCounts();
        EnumMap<Violation, Long> delta = new EnumMap<>(Violation.class);
        after.forEach((v, n) -> delta.put(v, n - violationsBefore.getOrDefault(v, 0L)));
        delta.forEach((v, n) -> {
            if (n > 0) {
                violations.put(v.name(), n);
            }
        });
        Map<String, Long> errors = new LinkedHashMap<>();
        ledger.errorCounts().forEach((code, n) -> {
            long d = n - errorsBefore.getOrDefault(code, 0L);
            if (d > 0) {
                errors.put(code, d);
            }
        });
        long failed = sendFailures.sum() - failuresBefore;
        if (failed > 0) {
            errors.put("send failed", failed);
        }
        Latency ack = Latency.of(ledger.takeAckLatency());
        Latency receive = Latency.of(ledger.takeReceiveLatency());
        List<LatencyWindow> windows = new ArrayList<>();
        List<org.HdrHistogram.Histogram> byWindow = ledger.takeWindows();
        for (int w = 0; w < byWindow.size(); w++) {
            double streamSeconds = w * settings.windowMillis() / 1000.0;
            Double sinceStart = settings.sinceEpochSeconds() == null ? null
                    : streamStartEpochSeconds - settings.sinceEpochSeconds() + streamSeconds;
            windows.add(LatencyWindow.of(w, streamSeconds, sinceStart, byWindow.get(w)));
        }
        boolean passed = violations.isEmpty() && errors.isEmpty() && achieved >= 0.95 * rate
                && receive.p99() < settings.maxP99Millis();
        var repetition = StepResult.Repetition.of(achieved, ledger.receivedOf(first, last), receive, windows, warmupSeconds, settings.maxP99Millis(), passed);
        return new StepResult(rate, achieved, deliveries, last - first, ledger.ackedOf(first, last),
                ledger.expectedReceives(first, last), ledger.receivedOf(first, last), violations, errors,
                ledger.examples(), ack, receive, perMessage, cores, passed, windows, List.of(repetition), allocated);
    }

    /** The nodes' allocation counters into {@code sample}; a failure to read them fails the step. */
    private static void sampleInto(CompletableFuture<Map<String, Long>> sample, AllocationProbe probe) {
        try {
            sample.complete(probe.sample());
        } catch (RuntimeException e) {
            sample.completeExceptionally(e);
        }
    }

    /** Waits until every ack and delivery of the step is in, or nothing has arrived for the drain time. */
    private static void drain(Ledger ledger, int first, long idleLimit) {
        int last = ledger.sent();
        long expected = ledger.expectedReceives(first, last);
        long progress = ledger.acked() + ledger.received();
        long lastProgressAt = System.nanoTime();
        while (ledger.ackedOf(first, last) < last - first || ledger.receivedOf(first, last) < expected) {
            LockSupport.parkNanos(DRAIN_POLL_NANOS);
            long now = ledger.acked() + ledger.received();
            if (now != progress) {
                progress = now;
                lastProgressAt = System.nanoTime();
            } else if (System.nanoTime() - lastProgressAt > idleLimit) {
                return;
            }
        }
    }
}
