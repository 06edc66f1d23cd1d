package io.pulsechat.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of processes from /proc/&lt;pid&gt;/stat (utime + stime), each with its direct children
 * (PostgreSQL does its work in backends forked from the postmaster). The generator's own CPU comes
 * from the JVM; "machine" is every process's, from /proc/stat, so that what the sampled processes
 * leave over is what others on the machine used.
 */
final class ProcessCpu {
    /** USER_HZ: Linux reports /proc times in ticks of 1/100 s on every architecture we run on. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcessCpu() {}

    /**
     * CPU nanoseconds used so far by each named process tree, plus "generator" for this JVM and, when
     * any process is named, "machine" for all of them.
     */
    static Map<String, Long> sample(Map<String, Long> pids) {
        Map<String, Long> cpu = new LinkedHashMap<>();
        Map<Long, long[]> all = readAll();
        pids.forEach((name, pid) -> {
            long ticks = 0;
            for (Map.Entry<Long, long[]> e : all.entrySet()) {
                if (e.getKey().equals(pid)) {
                    // Its own time plus that of children it has reaped, so that a backend ending
                    // during the window still counts (otherwise the sum can go down).
                    ticks += e.getValue()[1] + e.getValue()[2];
                } else if (e.getValue()[0] == pid) {
                    ticks += e.getValue()[1];
                }
            }
            cpu.put(name, ticks * NANOS_PER_TICK);
        });
        cpu.put("generator", generatorNanos());
        if (!pids.isEmpty()) {
            cpu.put("machine", machineBusyTicks() * NANOS_PER_TICK);
        }
        return cpu;
    }

    /** Busy time of all CPUs in ticks: the first line of /proc/stat without idle and iowait. */
    static long machineBusyTicks() {
        String first;
        try (var lines = Files.lines(Path.of("/proc/stat"))) {
            first = lines.findFirst().orElseThrow(() -> new IllegalStateException("/proc/stat is empty"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/stat", e);
        }
        // cpu user nice system idle iowait irq softirq steal (guest time is already in user and nice)
        String[] f = first.trim().split("\\s+");
        long busy = 0;
        for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
            busy += i < f.length ? Long.parseLong(f[i]) : 0;
        }
        return busy;
    }

    static long generatorNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    /** pid -> {ppid, utime + stime, cutime + cstime (reaped children), in ticks} for every process. */
    private static Map<Long, long[]> readAll() {
        Map<Long, long[]> all = new LinkedHashMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(p -> read(p).ifPresent(v -> all.put(Long.parseLong(p.getFileName().toString()), v)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return all;
    }

    private static java.util.Optional<long[]> read(Path dir) {
        String stat;
        try {
            stat = Files.readString(dir.resolve("stat"));
        } catch (IOException e) {
            // The process ended between the listing and the read: it no longer counts.
            return java.util.Optional.empty();
        }
        // The command name may contain spaces and parentheses; the fields after its last ')' do not.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return java.util.Optional.of(new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]) + Long.parseLong(f[12]),
                Long.parseLong(f[13]) + Long.parseLong(f[14])});
    }

    /** Resident set size of a process in bytes, from /proc/&lt;pid&gt;/status. */
    static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/status", e);
        }
        throw new IllegalStateException("no VmRSS in /proc/" + pid + "/status");
    }
}
