package io.pulsechat.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * A Redis URL, `redis://` or `rediss://` (TLS): `[user:password@]host[:port][/db]`, read by Jedis'
 * own URI helper. It never shows its password: {@link #toString()} and every parse error mask it.
 * For a Redis Cluster the URL may name several seed nodes, {@code redis://h1:7000,h2:7000}: any one of
 * them that answers tells the node the whole cluster.
 */
record RedisAddress(String host, int port, boolean tls, String user, String password, int database) {
    static RedisAddress parse(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            // The URISyntaxException's message quotes the whole URL, password and all.
            throw new IllegalArgumentException("redis.url is not a URL (at index " + e.getIndex() + "): " + masked(url), e);
        }
        String scheme = String.valueOf(uri.getScheme()).toLowerCase();
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            throw new IllegalArgumentException("redis.url must start with redis:// or rediss:// (TLS): " + masked(url));
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("redis.url has no host: " + masked(url)
                    + " (a password with special characters must be percent-encoded, or given as REDIS_PASSWORD)");
        }
        int database;
        try {
            database = JedisURIHelper.getDBIndex(uri);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("redis.url: the path must be a database number: " + masked(url), e);
        }
        String user = JedisURIHelper.getUser(uri);
        String password;
        try {
            password = JedisURIHelper.getPassword(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("redis.url: write the password as user:password@ or :password@ "
                    + "(or give it as REDIS_PASSWORD): " + masked(url), e);
        }
        // Jedis' getHostAndPort leaves a missing port at -1.
        return new RedisAddress(uri.getHost(), uri.getPort() < 0 ? Protocol.DEFAULT_PORT : uri.getPort(),
                JedisURIHelper.isRedisSSLScheme(uri), user, password, database);
    }

    /** Every host:port the URL names; the URL's first host, with its credentials and scheme, is {@link #parse}'s. */
    static List<HostAndPort> seeds(String url) {
        String stripped = url.strip();
        int hostsStart = hostsStart(stripped);
        int hostsEnd = stripped.indexOf('/', hostsStart);
        String hosts = stripped.substring(hostsStart, hostsEnd < 0 ? stripped.length() : hostsEnd);
        String[] each = hosts.split(",", -1);
        String rest = hostsEnd < 0 ? "" : stripped.substring(hostsEnd);
        List<HostAndPort> seeds = new ArrayList<>();
        for (String host : each) {
            RedisAddress address = parse(stripped.substring(0, hostsStart) + host.strip() + rest);
            seeds.add(new HostAndPort(address.host(), address.port()));
        }
        return seeds;
    }

    /** The URL with only its first seed: what {@link #parse} reads. */
    static String firstSeed(String url) {
        String stripped = url.strip();
        int hostsStart = hostsStart(stripped);
        int comma = stripped.indexOf(',', hostsStart);
        if (comma < 0) {
            return stripped;
        }
        int hostsEnd = stripped.indexOf('/', hostsStart);
        return stripped.substring(0, comma) + (hostsEnd < 0 ? "" : stripped.substring(hostsEnd));
    }

    /** Where the hosts begin: after the scheme and the credentials (the last `@` before the path). */
    private static int hostsStart(String url) {
        int scheme = url.indexOf("://");
        int from = scheme < 0 ? 0 : scheme + 3;
        int path = url.indexOf('/', from);
        int at = url.lastIndexOf('@', path < 0 ? url.length() : path);
        return at >= from ? at + 1 : from;
    }

    /** The URL with its password (everything between `://` and the last `@`) masked. */
    static String masked(String url) {
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        return scheme >= 0 && at > scheme ? url.substring(0, scheme + 3) + "***" + url.substring(at) : url;
    }

    @Override
    public String toString() {
        return (tls ? "rediss://" : "redis://") + (password == null ? "" : (user == null ? "" : user) + ":***@")
                + host + ":" + port + "/" + database;
    }
}
