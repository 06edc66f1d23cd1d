package io.pulsechat.auth;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;

/** Issues and verifies our HS256 access tokens: one key, one parser, built once. */
public class JwtService {
    private static final String ALGORITHM = "HS256";

    private final SecretKey key;
    private final JwtParser parser;
    private final Duration ttl;
    private final Clock clock;

    public JwtService(byte[] secret, Duration ttl, Clock clock) {
        if (secret.length < JwtFactory.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("JWT secret must be at least 32 bytes");
        }
        this.key = Keys.hmacShaKeyFor(secret);
        this.ttl = ttl;
        this.clock = clock;
        this.parser = Jwts.parser().verifyWith(key).clock(() -> Date.from(clock.instant())).build();
    }

    public String issue(UUID userId) {
        return issue(userId, ttl);
    }

    /** A token with its own lifetime (the frontend's logins last as long as its session). */
    public String issue(UUID userId, Duration lifetime) {
        var now = clock.instant();
        return Jwts.builder()
                .subject(userId.toString())
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(lifetime)))
                .signWith(key, Jwts.SIG.HS256)
                .compact();
    }

    /** The user a token names, or empty for a missing, tampered, expired or foreign-algorithm token. */
    public Optional<UUID> verify(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        try {
            Jws<Claims> jws = parser.parseSignedClaims(token);
            if (!ALGORITHM.equals(jws.getHeader().getAlgorithm())) {
                return Optional.empty();
            }
            return Optional.of(UUID.fromString(jws.getPayload().getSubject()));
        } catch (JwtException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
