package io.pulsechat.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs scripts/services for one stack (its folder and ports): start, stop, or one service of it. */
public final class Services {
    /**
     * The repository's root (scripts/, chat.yml, target/chat.jar), above the service module that Maven runs
     * the tests in.
     */
    public static final Path ROOT = repositoryRoot(Path.of("").toAbsolutePath());

    private final Map<String, String> env;
    private final Path log;

    public Services(Map<String, String> env, Path log) {
        this.env = Map.copyOf(env);
        this.log = log;
    }

    /** The developer's local stack of `scripts/run` (.local/stack, default ports). */
    public static Services local() {
        return new Services(Map.of(), ROOT.resolve(".local/chaos-services.log"));
    }

    private static Path repositoryRoot(Path from) {
        for (Path dir = from; dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("scripts/services"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no scripts/services in " + from + " or above it");
    }

    public void start(String... services) {
        run("start", services);
    }

    public void stop(String... services) {
        run("stop", services);
    }

    private void run(String command, String... services) {
        List<String> args = new ArrayList<>(List.of(ROOT.resolve("scripts/services").toString(), command));
        args.addAll(List.of(services));
        Commands.run(args, env, log, Duration.ofMinutes(5));
    }
}
