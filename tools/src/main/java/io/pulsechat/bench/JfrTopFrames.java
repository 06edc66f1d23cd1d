package io.pulsechat.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * The hottest frames of a JFR recording's execution samples: by top frame (where the CPU is) and by
 * the first PulseChat frame on the stack (which of our code paths it is spent under).
 */
final class JfrTopFrames {
    record Count(String frame, long samples, double percent) {}

    record Profile(long samples, List<Count> topFrames, List<Count> ourFrames, Map<String, Long> threads) {}

    private JfrTopFrames() {}

    static Profile read(Path recording, int limit) throws IOException {
        Map<String, Long> top = new HashMap<>();
        Map<String, Long> ours = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        long samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            top.merge(name(frames.get(0)), 1L, Long::sum);
            String ourFrame = frames.stream().map(JfrTopFrames::name).filter(n -> n.startsWith("io.pulsechat."))
                    .findFirst().orElse("(no PulseChat frame)");
            ours.merge(ourFrame, 1L, Long::sum);
            var thread = event.getThread("sampledThread");
            String threadName = thread == null ? "?" : thread.getJavaName();
            threads.merge(threadName == null ? "?" : poolName(threadName), 1L, Long::sum);
        }
        return new Profile(samples, ranked(top, samples, limit), ranked(ours, samples, limit), rankedMap(threads));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    /** `dw-42` -> `dw-N`: threads of one pool, named apart only by numbers, add up. */
    static String poolName(String threadName) {
        return threadName.replaceAll("[0-9]+", "N");
    }

    /** The counts, largest first, as an ordered map. */
    static Map<String, Long> rankedMap(Map<String, Long> counts) {
        Map<String, Long> ranked = new java.util.LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> ranked.put(e.getKey(), e.getValue()));
        return ranked;
    }

    static List<Count> ranked(Map<String, Long> counts, long total, int limit) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(limit)
                .map(e -> new Count(e.getKey(), e.getValue(), 100.0 * e.getValue() / Math.max(1, total)))
                .toList();
    }
}
