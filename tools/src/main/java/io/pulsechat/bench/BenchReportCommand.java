package io.pulsechat.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * `bench-report --dir RUN --out bench/RESULTS.md`: turns a scripts/bench run directory into the report;
 * with `--ab`, a `scripts/bench --ab` run into bench/AB.md; with `--scale-out`, a `scripts/bench --scale-out`
 * run into bench/SCALEOUT.md, which RESULTS.md then includes.
 */
public class BenchReportCommand extends Command {
    public BenchReportCommand() {
        super("bench-report", "Writes bench/RESULTS.md from the results of a scripts/bench run");
    }

    @Override
    public void configure(Subparser p) {
        p.addArgument("--dir").required(true).help("the run directory scripts/bench wrote");
        p.addArgument("--out").setDefault("bench/RESULTS.md");
        p.addArgument("--ab").action(net.sourceforge.argparse4j.impl.Arguments.storeTrue())
                .help("the run is a scripts/bench --ab run: write the A/B table (to --out, e.g. bench/AB.md) instead");
        p.addArgument("--scale-out").action(net.sourceforge.argparse4j.impl.Arguments.storeTrue())
                .help("the run is a scripts/bench --scale-out run: write its tables (to --out, e.g. bench/SCALEOUT.md) instead");
        p.addArgument("--scale-out-report").setDefault("bench/SCALEOUT.md")
                .help("the last scale-out report, included in bench/RESULTS.md when present");
        p.addArgument("--notes").setDefault("bench/TUNING.md")
                .help("hand-written notes (the performance work, before/after) appended to the report when present");
    }

    @Override
    public void run(Bootstrap<?> bootstrap, Namespace ns) throws Exception {
        Path dir = Path.of(ns.getString("dir"));
        var json = bootstrap.getObjectMapper();
        if (ns.getBoolean("scale_out")) {
            write(Path.of(ns.getString("out")),
                    new ScaleOutMarkdown(machine(dir.resolve("machine.properties")), ScaleOutMarkdown.read(dir, json)).render());
            return;
        }
        Map<String, JsonNode> results = new LinkedHashMap<>();
        Map<String, String> commands = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".json")) {
                    results.put(name.substring(0, name.length() - 5), json.readTree(file.toFile()));
                } else if (name.endsWith(".cmd")) {
                    commands.put(name.substring(0, name.length() - 4), Files.readString(file).trim());
                }
            }
        }
        if (ns.getBoolean("ab")) {
            write(Path.of(ns.getString("out")), new AbMarkdown(machine(dir.resolve("machine.properties")), results).render());
            return;
        }
        Path collapsed = dir.resolve("node-profile.collapsed");
        Path jfr = dir.resolve("node-profile.jfr");
        JfrTopFrames.Profile profile = null;
        String source = null;
        if (Files.exists(collapsed)) {
            profile = CollapsedProfile.read(collapsed, 20);
            source = "async-profiler CPU samples, kernel frames marked `_[k]`";
        } else if (Files.exists(jfr)) {
            profile = JfrTopFrames.read(jfr, 15);
            source = "JFR execution samples, Java frames only";
        }
        Path before = dir.resolve("node-threads-before.txt");
        Path after = dir.resolve("node-threads-after.txt");
        ThreadCpu.Window threads = Files.exists(before) && Files.exists(after) ? ThreadCpu.read(before, after) : null;
        var markdown = new ResultsMarkdown(machine(dir.resolve("machine.properties")), results, commands, profile, source,
                threads);
        Path scaleOut = Path.of(ns.getString("scale_out_report"));
        Path notes = Path.of(ns.getString("notes"));
        write(Path.of(ns.getString("out")), markdown.render()
                + (Files.exists(scaleOut) ? "\n" + Files.readString(scaleOut) : "")
                + (Files.exists(notes) ? "\n" + Files.readString(notes) : ""));
    }

    private static void write(Path out, String text) throws IOException {
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, text);
    }

    private static Properties machine(Path file) throws IOException {
        var properties = new Properties();
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            }
        }
        return properties;
    }
}
