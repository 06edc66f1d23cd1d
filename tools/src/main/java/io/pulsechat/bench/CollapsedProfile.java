package io.pulsechat.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads async-profiler's collapsed stacks (`collapsed`, with `threads`: each line is
 * `[thread tid=N];root;...;leaf count`) into the same summary as {@link JfrTopFrames}: the top
 * frames (where the CPU is, kernel frames included, marked `_[k]`), the first PulseChat frame from
 * the top of each stack (which of our paths it is spent under) and the share of each thread.
 */
final class CollapsedProfile {
    private CollapsedProfile() {}

    static JfrTopFrames.Profile read(Path collapsed, int limit) throws IOException {
        Map<String, Long> top = new HashMap<>();
        Map<String, Long> ours = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        long samples = 0;
        try (BufferedReader reader = Files.newBufferedReader(collapsed)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int space = line.lastIndexOf(' ');
                if (space <= 0) {
                    continue;
                }
                long count = Long.parseLong(line.substring(space + 1).trim());
                String[] frames = line.substring(0, space).split(";");
                samples += count;
                top.merge(name(frames[frames.length - 1]), count, Long::sum);
                String ourFrame = "(no PulseChat frame)";
                for (int i = frames.length - 1; i >= 0; i--) {
                    if (frames[i].startsWith("io/pulsechat/")) {
                        ourFrame = name(frames[i]);
                        break;
                    }
                }
                ours.merge(ourFrame, count, Long::sum);
                String thread = frames[0].startsWith("[") ? threadName(frames[0]) : "?";
                threads.merge(thread, count, Long::sum);
            }
        }
        return new JfrTopFrames.Profile(samples, JfrTopFrames.ranked(top, samples, limit),
                JfrTopFrames.ranked(ours, samples, limit), JfrTopFrames.rankedMap(threads));
    }

    /** `io/pulsechat/ws/ChatSession.send` -> `io.pulsechat.ws.ChatSession.send`; lambda classes lose their address. */
    private static String name(String frame) {
        return frame.replace('/', '.').replaceAll("\\$\\$Lambda\\$?[0-9]*\\.0x[0-9a-f]+", "\\$\\$Lambda");
    }

    /** `[dw-42 tid=123]` -> `dw-N`. */
    private static String threadName(String frame) {
        return JfrTopFrames.poolName(frame.substring(1, frame.length() - 1).replaceAll(" tid=[0-9]+$", ""));
    }
}
