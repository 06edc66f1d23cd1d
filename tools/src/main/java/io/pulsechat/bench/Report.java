package io.pulsechat.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The table on standard output and the JSON file. */
final class Report {
    private static final PrintStream OUT = System.out;
    private static final String HEADER = String.format("%7s %8s %8s %8s %9s %5s %5s | %7s %7s %7s %7s | %7s %7s %7s %7s | %6s %4s",
            "rate", "achieved", "sent", "acked", "received", "viol", "err",
            "ack p50", "p99", "p99.9", "max", "rcv p50", "p99", "p99.9", "max", "gen µs", "ok");

    private Report() {}

    static void printStep(StepResult s) {
        OUT.println(HEADER);
        OUT.println(String.format("%7d %8.0f %8d %8d %9s %5d %5d | %7.2f %7.2f %7.2f %7.1f | %7.2f %7.2f %7.2f %7.1f | %6.1f %4s",
                s.targetRate(), s.achievedRate(), s.sent(), s.acked(), s.received() + "/" + s.expectedReceives(),
                s.violationTotal(), s.errorTotal(),
                s.sendToAck().p50(), s.sendToAck().p99(), s.sendToAck().p999(), s.sendToAck().max(),
                s.sendToReceive().p50(), s.sendToReceive().p99(), s.sendToReceive().p999(), s.sendToReceive().max(),
                s.cpuMicrosPerMessage().getOrDefault("generator", 0.0), s.passed() ? "yes" : "NO"));
        if (!s.violations().isEmpty() || !s.errors().isEmpty()) {
            OUT.println("  violations " + s.violations() + " errors " + s.errors() + " e.g. " + s.examples());
        }
        if (s.cpuMicrosPerMessage().size() > 1) {
            StringBuilder cpu = new StringBuilder("  CPU µs/message:");
            s.cpuMicrosPerMessage().forEach((name, us) -> cpu.append(String.format(" %s %.1f (%.0f%% of a core)", name, us,
                    100 * s.cpuCores().get(name))));
            OUT.println(cpu);
        }
        if (!s.allocatedBytesPerMessage().isEmpty()) {
            StringBuilder heap = new StringBuilder("  heap bytes allocated per message:");
            s.allocatedBytesPerMessage().forEach((name, bytes) -> heap.append(String.format(" %s %,.0f", name, bytes)));
            OUT.println(heap);
        }
        if (!s.windows().isEmpty()) {
            // One number a window, so that a stall stands out in a step of many windows.
            StringBuilder p99s = new StringBuilder("  rcv p99 per window (ms, warm-up first):");
            s.windows().forEach(w -> p99s.append(w.count() == 0 ? " -" : String.format(" %.0f", w.p99())));
            OUT.println(p99s);
            StepResult.Repetition r = s.repetitions().get(0);
            OUT.println(String.format("  measured windows %d, worst p99 %.1f ms, %d at or over the limit; p99.9 / p99 %.2f",
                    r.measuredWindows(), r.worstWindowP99(), r.slowWindows(),
                    s.sendToReceive().p999() / Math.max(0.001, s.sendToReceive().p99())));
        }
        OUT.flush();
    }

    /** A rate run several times: each repetition's verdict, and the rate's. */
    static void printRepetitions(StepResult s) {
        StringBuilder line = new StringBuilder(String.format("rate %d over %d repetitions:", s.targetRate(),
                s.repetitions().size()));
        s.repetitions().forEach(r -> line.append(String.format(" [p99 %.1f, p99.9 %.1f, worst window %.1f ms, %s]",
                r.sendToReceive().p99(), r.sendToReceive().p999(), r.worstWindowP99(), r.passed() ? "pass" : "FAIL")));
        line.append(s.passed() ? " -> passed" : " -> FAILED");
        OUT.println(line);
        OUT.flush();
    }

    static void printLine(String line) {
        OUT.println(line);
        OUT.flush();
    }

    static void writeJson(ObjectMapper json, Path path, Map<String, Object> document) throws IOException {
        if (path == null) {
            return;
        }
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        json.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(path.toFile(), document);
    }
}
