package io.pulsechat.health;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * One line that says why a dependency (PostgreSQL, Redis, Kafka) refused or failed the node, for
 * /health and the log: the failure and its root cause, with any credentials in it masked.
 */
public final class DependencyErrors {
    /** `scheme://user:password@` in a URL: everything between `://` and `@` is masked. */
    private static final Pattern URL_CREDENTIALS = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://)[^/\\s@]*@");
    /** `password=...` in a JDBC URL or a JAAS line. */
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)(password\\s*=\\s*)(\"[^\"]*\"|[^&;\\s]+)");

    private DependencyErrors() {}

    public static String describe(Throwable failure) {
        Throwable top = unwrap(failure);
        Throwable root = top;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = summary(top);
        if (root != top && !text.contains(String.valueOf(root.getMessage()))) {
            text += ", caused by " + summary(root);
        }
        if (isTls(top)) {
            text = "TLS handshake failed (check the CA certificate and the host name): " + text;
        }
        return mask(text);
    }

    /** The failure's kind, for grouping repeated warnings: the class of its root cause. */
    public static String kind(Throwable failure) {
        Throwable root = unwrap(failure);
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getName();
    }

    /** The text with the credentials of any URL or password parameter in it replaced by `***`. */
    public static String mask(String text) {
        String masked = URL_CREDENTIALS.matcher(text).replaceAll("$1***@");
        return PASSWORD_PARAMETER.matcher(masked).replaceAll("$1***");
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof ExecutionException || current instanceof CompletionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static boolean isTls(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException || t.getClass().getSimpleName().equals("SslAuthenticationException")) {
                return true;
            }
        }
        return false;
    }

    private static String summary(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message.strip());
    }
}
