package io.pulsechat.compat.login;

import io.pulsechat.server.TrustedNetworks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulsechat.auth.JwtService;
import io.pulsechat.core.Colors;
import io.pulsechat.core.TextRules;
import io.pulsechat.db.PasswordlessAccountDao;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * The frontend's sign-in: its Next.js server has done the OAuth and posts the user's profile. Trusted
 * only from the configured networks (and with the shared secret, when one is set). An account made
 * here has no password, and starts with its "notes to self" conversation. Its tokens last
 * `compat.tokenTtl`, as long as the frontend's session, which never refreshes them.
 */
public class PasswordlessLogin {
    /** An answer: the HTTP status and its JSON body. */
    public record Outcome(int status, ObjectNode body) {}

    private final PasswordlessAccountDao accounts;
    private final JwtService jwt;
    private final ObjectMapper json;
    private final TrustedNetworks trusted;
    private final String secret;
    private final Duration tokenTtl;

    public PasswordlessLogin(PasswordlessAccountDao accounts, JwtService jwt, ObjectMapper json, TrustedNetworks trusted, String secret,
                             Duration tokenTtl) {
        this.accounts = accounts;
        this.jwt = jwt;
        this.json = json;
        this.trusted = trusted;
        this.secret = secret;
        this.tokenTtl = tokenTtl;
    }

    public Outcome login(String peerAddress, String secretHeader, JsonNode body) {
        if (!trusted.contains(peerAddress) || !secretMatches(secretHeader)) {
            return error(403, "passwordless login is not allowed from here");
        }
        String email = text(body, "email");
        if (email == null || !email.contains("@") || email.length() > 320) {
            return new Outcome(422, json.createObjectNode().set("errors", json.createArrayNode().add("email is required")));
        }
        String name = Optional.ofNullable(text(body, "name")).orElse(email.substring(0, email.indexOf('@')));
        PasswordlessAccountDao.Account account = accounts.find(email).orElseGet(() -> create(email, name,
                text(body, "image"), text(body, "provider"), text(body, "oauth_id")));
        if (account.passwordHash() != null) {
            return error(409, "this email belongs to a password account");
        }
        ObjectNode answer = json.createObjectNode().put("message", "login successful");
        answer.putObject("user").put("id", account.id().toString()).put("name", account.name())
                .put("email", account.email()).put("image", account.image()).put("color", account.color())
                .put("provider", account.provider()).put("token", "Bearer " + jwt.issue(account.id(), tokenTtl));
        return new Outcome(200, answer);
    }

    /** A concurrent first sign-in may win the email: the account is whichever was made. */
    private PasswordlessAccountDao.Account create(String email, String name, String image, String provider,
                                                  String oauthId) {
        accounts.createWithNotes(UUID.randomUUID(), name, email, image, Colors.random(), provider, oauthId);
        return accounts.find(email).orElseThrow();
    }

    private boolean secretMatches(String given) {
        return secret == null || given != null && MessageDigest.isEqual(
                secret.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank() || !TextRules.isStorable(value.asText())) {
            return null;
        }
        return value.asText().strip();
    }

    private Outcome error(int status, String message) {
        return new Outcome(status, json.createObjectNode().put("code", status).put("message", message));
    }
}
