package io.pulsechat.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** SSLContexts from PEM settings, with plain JDK code. */
public final class TlsContexts {
    private static final char[] IN_MEMORY = new char[0];

    private TlsContexts() {}

    /**
     * Trusts the CA of {@code caPem} only, or the JVM's trust store when it is empty; presents the client
     * certificate when {@code certPem} and {@code keyPem} are set (mutual TLS). Each is PEM text.
     */
    public static SSLContext build(String caPem, String certPem, String keyPem, String name) {
        if (certPem.isEmpty() != keyPem.isEmpty()) {
            throw new IllegalArgumentException(name + ": a client certificate needs its key, and a key its certificate");
        }
        try {
            var context = SSLContext.getInstance("TLS");
            context.init(certPem.isEmpty() ? null : keyManagers(certPem, keyPem, name),
                    caPem.isEmpty() ? null : trustManagers(caPem, name), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(name + ": cannot build a TLS context (" + e.getMessage() + ")", e);
        }
    }

    private static TrustManager[] trustManagers(String caPem, String name) throws GeneralSecurityException, IOException {
        KeyStore store = emptyStore();
        List<X509Certificate> cas = Pem.certificates(caPem, name + " CA");
        for (int i = 0; i < cas.size(); i++) {
            store.setCertificateEntry("ca-" + i, cas.get(i));
        }
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static KeyManager[] keyManagers(String certPem, String keyPem, String name)
            throws GeneralSecurityException, IOException {
        KeyStore store = emptyStore();
        store.setKeyEntry("client", Pem.privateKey(keyPem, name + " client key"), IN_MEMORY,
                Pem.certificates(certPem, name + " client certificate").toArray(X509Certificate[]::new));
        var factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, IN_MEMORY);
        return factory.getKeyManagers();
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }
}
