package io.pulsechat.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The connection test: {@code sessions} idle authenticated sessions over {@code users} users (a user
 * may hold many, like devices), opened {@code step} at a time, measured after each step on every
 * node given with its admin URL and pid. With a {@code barrier} directory, {@code parties} generators
 * (one per node: a process holds at most its descriptor limit of sockets) wait there for each other
 * once ramped, so that each measures its node while every generator's sessions are open.
 */
public record ConnectionSettings(List<URI> urls, List<URI> adminUrls, List<Long> pids, int users, int sessions,
                                 int step, int sourceAddresses, int holdSeconds, String password,
                                 int registerConcurrency, int maxConnecting, Path json, Path barrier, int parties) {
    public ConnectionSettings {
        urls = List.copyOf(urls);
        adminUrls = List.copyOf(adminUrls);
        pids = List.copyOf(pids);
        if (urls.isEmpty() || users < 1 || sessions < 1 || step < 1 || maxConnecting < 1 || parties < 1) {
            throw new IllegalArgumentException("need a URL, users, sessions, a step and at least one party");
        }
    }
}
