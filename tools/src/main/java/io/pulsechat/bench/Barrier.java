package io.pulsechat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Generator processes meeting in a directory: each leaves a file per phase and waits, polling up to
 * a deadline, until every party has left one. The processes share no other channel.
 */
final class Barrier {
    private final Path dir;
    private final int parties;
    private final String self = Long.toString(ProcessHandle.current().pid());

    Barrier(Path dir, int parties) {
        this.dir = dir;
        this.parties = parties;
    }

    /** True when every party arrived at {@code phase} before the deadline. */
    boolean await(String phase, Duration deadline) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(phase + "." + self), "");
        long end = System.nanoTime() + deadline.toNanos();
        while (arrived(phase) < parties) {
            if (System.nanoTime() > end) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        return true;
    }

    private long arrived(String phase) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(phase + ".")).count();
        }
    }
}
