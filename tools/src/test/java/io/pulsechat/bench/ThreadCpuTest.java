package io.pulsechat.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreadCpuTest {
    @TempDir Path dir;

    /** A line of /proc/PID/task/TID/stat with the given utime and stime (fields 14 and 15). */
    private static String stat(int tid, String name, long utime, long stime) {
        return tid + " (" + name + ") S 1 1 1 0 -1 4194368 100 0 0 0 " + utime + " " + stime + " 0 0 20 0 40 0 1 0 0";
    }

    @Test
    void addsUpThreadsOfAPoolAndSplitsUserFromSystemTime() throws Exception {
        Path before = dir.resolve("before");
        Path after = dir.resolve("after");
        Files.writeString(before, String.join("\n", "1000.0 100",
                stat(11, "dw-1", 100, 50), stat(12, "dw-2", 0, 0), stat(13, "redis-subscribe", 10, 10)));
        // 10 s later: the dw pool used 1,500 user + 500 system ticks, the subscriber 100 + 400, a new thread 10 + 0.
        Files.writeString(after, String.join("\n", "1010.0 100",
                stat(11, "dw-1", 1100, 350), stat(12, "dw-2", 500, 200), stat(13, "redis-subscribe", 110, 410),
                stat(14, "persistence-loop-0", 10, 0)));

        var window = ThreadCpu.read(before, after);

        assertThat(window.seconds()).isEqualTo(10.0);
        assertThat(window.rows()).extracting(ThreadCpu.Row::thread)
                .containsExactly("dw-N", "redis-subscribe", "persistence-loop-N");
        assertThat(window.rows().get(0).userCores()).isCloseTo(1.5, within(1e-9));
        assertThat(window.rows().get(0).systemCores()).isCloseTo(0.5, within(1e-9));
        assertThat(window.rows().get(1).systemCores()).isCloseTo(0.4, within(1e-9));
        assertThat(window.totalCores()).isCloseTo(2.51, within(1e-9));
    }
}
