package io.pulsechat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU by thread of one process over a window, from two snapshots that scripts/bench takes of
 * `/proc/PID/task/*&#47;stat` (first line: the epoch time in seconds and the clock ticks per second).
 * Threads of one pool (names that differ only in digits) add up; user and system time apart, since
 * system time is what the kernel spends on our system calls, wake-ups and sockets.
 */
final class ThreadCpu {
    record Row(String thread, double userCores, double systemCores) {}

    record Window(double seconds, List<Row> rows) {
        double totalCores() {
            return rows.stream().mapToDouble(r -> r.userCores() + r.systemCores()).sum();
        }
    }

    private static final Pattern STAT = Pattern.compile("^(\\d+) \\((.*)\\) (.*)$");

    private record Ticks(String name, long user, long system) {}

    private ThreadCpu() {}

    static Window read(Path before, Path after) throws IOException {
        List<String> first = Files.readAllLines(before);
        List<String> last = Files.readAllLines(after);
        String[] start = first.get(0).trim().split("\\s+");
        String[] end = last.get(0).trim().split("\\s+");
        double seconds = Double.parseDouble(end[0]) - Double.parseDouble(start[0]);
        double ticksPerSecond = Double.parseDouble(end[1]);
        Map<String, Ticks> was = parse(first);
        Map<String, double[]> byName = new HashMap<>();
        parse(last).forEach((tid, now) -> {
            Ticks then = was.getOrDefault(tid, new Ticks(now.name(), 0, 0));
            double[] sum = byName.computeIfAbsent(now.name(), n -> new double[2]);
            sum[0] += (now.user() - then.user()) / ticksPerSecond / seconds;
            sum[1] += (now.system() - then.system()) / ticksPerSecond / seconds;
        });
        List<Row> rows = byName.entrySet().stream()
                .map(e -> new Row(e.getKey(), e.getValue()[0], e.getValue()[1]))
                .filter(r -> r.userCores() + r.systemCores() > 0.001)
                .sorted((a, b) -> Double.compare(b.userCores() + b.systemCores(), a.userCores() + a.systemCores()))
                .toList();
        return new Window(seconds, rows);
    }

    private static Map<String, Ticks> parse(List<String> lines) {
        Map<String, Ticks> threads = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            Matcher m = STAT.matcher(line.trim());
            if (!m.matches()) {
                continue;
            }
            // After the name: state is field 3 of stat(5); utime and stime are fields 14 and 15.
            String[] fields = m.group(3).split(" ");
            threads.put(m.group(1), new Ticks(JfrTopFrames.poolName(m.group(2)),
                    Long.parseLong(fields[11]), Long.parseLong(fields[12])));
        }
        return threads;
    }
}
