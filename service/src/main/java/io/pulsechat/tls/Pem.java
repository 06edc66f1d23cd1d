package io.pulsechat.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM certificates and keys, as managed services hand them out (a `ca.pem` to download, or its text
 * pasted into an environment variable). A setting holds either the PEM text itself or a file path.
 */
public final class Pem {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final Pattern PRIVATE_KEY =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private Pem() {}

    /** The PEM text of a setting that is either the text or a path to a file holding it; empty if unset. */
    public static String text(String setting, String name) {
        if (setting == null || setting.isBlank()) {
            return "";
        }
        if (setting.contains("-----BEGIN")) {
            return normalized(setting, name);
        }
        try {
            String text = Files.readString(Path.of(setting.strip()), StandardCharsets.US_ASCII);
            return normalized(text, name);
        } catch (IOException e) {
            throw new IllegalArgumentException(name + ": cannot read the PEM file " + setting.strip() + " (" + e + ")", e);
        }
    }

    /**
     * The PEM blocks of a text, one base64 line of 64 characters after another. A PEM that went through
     * an environment variable and chat.yml may arrive with its line breaks folded into spaces, or as
     * literal "\n" when it was pasted on one line.
     */
    static String normalized(String text, String name) {
        Matcher block = BLOCK.matcher(text);
        var out = new StringBuilder();
        while (block.find()) {
            String base64 = block.group(2).replace("\\n", "").replaceAll("\\s+", "");
            out.append("-----BEGIN ").append(block.group(1)).append("-----\n");
            for (int i = 0; i < base64.length(); i += 64) {
                out.append(base64, i, Math.min(base64.length(), i + 64)).append('\n');
            }
            out.append("-----END ").append(block.group(1)).append("-----\n");
        }
        if (out.length() == 0) {
            throw new IllegalArgumentException(name + " holds no complete PEM block (-----BEGIN ...----- to -----END ...-----)");
        }
        return out.toString();
    }

    public static List<X509Certificate> certificates(String pemText, String name) {
        try {
            var factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> certificates = new ArrayList<>();
            for (var certificate : factory.generateCertificates(
                    new ByteArrayInputStream(pemText.getBytes(StandardCharsets.US_ASCII)))) {
                certificates.add((X509Certificate) certificate);
            }
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(name + " holds no certificate");
            }
            return certificates;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(name + " is not a PEM certificate (" + e.getMessage() + ")", e);
        }
    }

    /** An unencrypted PKCS#8 key (`BEGIN PRIVATE KEY`), RSA or EC. */
    public static PrivateKey privateKey(String pemText, String name) {
        Matcher matcher = PRIVATE_KEY.matcher(pemText);
        if (!matcher.find()) {
            // Never echo the text: it is a secret.
            throw new IllegalArgumentException(name + " must be an unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----); "
                    + "convert one with `openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pk8.pem`");
        }
        byte[] der = Base64.getMimeDecoder().decode(matcher.group(1));
        // PKCS#8 names its algorithm inside; the JDK wants it named up front, so each is tried in turn.
        var failure = new IllegalArgumentException(name + " is neither an RSA, EC nor Ed25519 PKCS#8 key");
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisAlgorithm) {
                failure.addSuppressed(notThisAlgorithm);
            }
        }
        throw failure;
    }
}
