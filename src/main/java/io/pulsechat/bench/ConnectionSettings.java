package io.pulsechat.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The connection test: {@code sessions} idle authenticated sessions over {@code users} users (a user
 * may hold many, like devices), opened {@code step} at a time, measured after each step on every
 * node given with its admin URL and pid.
 */
public record ConnectionSettings(List<URI> urls, List<URI> adminUrls, List<Long> pids, int users, int sessions,
                                 int step, int sourceAddresses, int holdSeconds, String password,
                                 int registerConcurrency, Path json) {
    public ConnectionSettings {
        urls = List.copyOf(urls);
        adminUrls = List.copyOf(adminUrls);
        pids = List.copyOf(pids);
        if (urls.isEmpty() || users < 1 || sessions < 1 || step < 1) {
            throw new IllegalArgumentException("need a URL, users, sessions and a step");
        }
    }
}
