package io.pulsechat.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JwtServiceTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final JwtService jwt = new JwtService(SECRET, Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aTokenItIssuedNamesItsUser() {
        UUID user = UUID.randomUUID();
        assertThat(jwt.verify(jwt.issue(user))).contains(user);
    }

    @Test
    void expiredTokensAreRefused() {
        UUID user = UUID.randomUUID();
        String token = jwt.issue(user);
        var later = new JwtService(SECRET, Duration.ofHours(1), Clock.fixed(NOW.plus(Duration.ofHours(2)), ZoneOffset.UTC));
        assertThat(later.verify(token)).isEmpty();
    }

    @Test
    void tamperedForeignAndUnsignedTokensAreRefused() {
        UUID user = UUID.randomUUID();
        String token = jwt.issue(user);
        String[] parts = token.split("\\.");
        String otherPayload = Jwts.builder().subject(UUID.randomUUID().toString()).compact().split("\\.")[1];
        String otherKey = Jwts.builder().subject(user.toString())
                .signWith(Keys.hmacShaKeyFor("another-secret-another-secret-xx".getBytes(StandardCharsets.UTF_8))).compact();
        String hs512SameSecret = Jwts.builder().subject(user.toString()).expiration(Date.from(NOW.plusSeconds(60)))
                .signWith(Keys.hmacShaKeyFor((new String(SECRET) + new String(SECRET)).getBytes(StandardCharsets.UTF_8)),
                        Jwts.SIG.HS512).compact();

        assertThat(jwt.verify(parts[0] + "." + otherPayload + "." + parts[2])).isEmpty();
        assertThat(jwt.verify(otherKey)).isEmpty();
        assertThat(jwt.verify(Jwts.builder().subject(user.toString()).compact())).isEmpty();
        assertThat(jwt.verify(hs512SameSecret)).isEmpty();
        assertThat(jwt.verify("")).isEmpty();
        assertThat(jwt.verify(null)).isEmpty();
    }

    @Test
    void aShortSecretIsRefusedAtConstruction() {
        assertThatThrownBy(() -> new JwtService("short".getBytes(StandardCharsets.UTF_8), Duration.ofHours(1), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
    }
}
