package io.pulsechat.health;

import com.codahale.metrics.health.HealthCheck.Result;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A health check with a deadline: a check that has not answered by then counts as failed. A stuck
 * check keeps running on its own thread, and later polls wait for that same run rather than start
 * another, so a hung dependency costs one thread, not one per poll.
 */
public final class DeadlineCheck {
    private final Supplier<Result> check;
    private final long deadlineMillis;
    private final ExecutorService thread;
    private CompletableFuture<Result> running;

    public DeadlineCheck(String name, Supplier<Result> check, long deadlineMillis) {
        this.check = check;
        this.deadlineMillis = deadlineMillis;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "health-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** The run in progress, or a new one. */
    public synchronized CompletableFuture<Result> start() {
        if (running == null || running.isDone()) {
            running = CompletableFuture.supplyAsync(check, thread);
        }
        return running;
    }

    /** The run's result, or a failure once {@code deadlineNanos} (a {@link System#nanoTime()}) has passed. */
    public Result await(CompletableFuture<Result> run, long deadlineNanos) throws InterruptedException {
        try {
            return run.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return Result.unhealthy("no answer within " + deadlineMillis + " ms");
        } catch (ExecutionException e) {
            return Result.unhealthy(DependencyErrors.describe(e));
        }
    }
}
