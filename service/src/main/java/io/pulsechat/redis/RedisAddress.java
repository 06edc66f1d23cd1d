package io.pulsechat.redis;

import java.net.URI;
import java.net.URISyntaxException;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * A Redis URL, `redis://` or `rediss://` (TLS): `[user:password@]host[:port][/db]`, read by Jedis'
 * own URI helper. It never shows its password: {@link #toString()} and every parse error mask it.
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
