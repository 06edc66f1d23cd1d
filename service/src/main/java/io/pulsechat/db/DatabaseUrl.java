package io.pulsechat.db;

import io.dropwizard.db.DataSourceFactory;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * `DATABASE_URL` as PostgreSQL providers hand it out (Heroku, Supabase, Render, Neon):
 * `postgres://user:password@host:5432/db?sslmode=require`, also `postgresql://`, made into the JDBC
 * URL pgjdbc wants (`jdbc:postgresql://host:5432/db?sslmode=require`) plus its user and password. A
 * JDBC URL is used as it is. The query parameters go through unchanged: they are libpq's names, which
 * pgjdbc shares for TLS (`sslmode`, `sslrootcert`, `sslcert`, `sslkey`).
 */
public final class DatabaseUrl {
    private static final Pattern PROVIDER_FORM = Pattern.compile(
            "(?i)^postgres(?:ql)?://(?:(?<user>[^:@/?]*)(?::(?<password>[^@/?]*))?@)?(?<hosts>[^/?]+)(?<rest>[/?].*)?$");

    /** The JDBC URL, and the user and password the URL carried (null when it carried none). */
    public record Jdbc(String url, String user, String password) {}

    private DatabaseUrl() {}

    public static Jdbc parse(String url) {
        String trimmed = url.strip();
        if (trimmed.startsWith("jdbc:")) {
            return new Jdbc(trimmed, null, null);
        }
        Matcher m = PROVIDER_FORM.matcher(trimmed);
        if (!m.matches()) {
            // Never echo the URL: it may carry a password.
            throw new IllegalArgumentException("database.url (DATABASE_URL) must be jdbc:postgresql://host:port/db... or "
                    + "postgres://user:password@host:port/db...");
        }
        String rest = m.group("rest") == null ? "/" : m.group("rest");
        return new Jdbc("jdbc:postgresql://" + m.group("hosts") + (rest.startsWith("?") ? "/" + rest : rest),
                decode(m.group("user")), decode(m.group("password")));
    }

    /**
     * Rewrites a provider-form URL of the factory into JDBC form, with the URL's user and password
     * (which win over `database.user` and `database.password`, as the URL is what the provider shows).
     */
    public static DataSourceFactory applyTo(DataSourceFactory factory) {
        if (factory.getUrl() == null) {
            return factory;
        }
        Jdbc jdbc = parse(factory.getUrl());
        factory.setUrl(jdbc.url());
        if (jdbc.user() != null && !jdbc.user().isEmpty()) {
            factory.setUser(jdbc.user());
        }
        if (jdbc.password() != null) {
            factory.setPassword(jdbc.password());
        }
        return factory;
    }

    private static String decode(String part) {
        return part == null ? null : URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
