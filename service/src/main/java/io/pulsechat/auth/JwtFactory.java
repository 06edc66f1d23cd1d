package io.pulsechat.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.NotNull;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

public class JwtFactory {
    static final int MIN_SECRET_BYTES = 32;

    @JsonProperty private String secret = "";
    /** How long a token from `/api/auth/login` or `/register` is valid. */
    @NotNull @MinDuration(value = 1, unit = TimeUnit.MINUTES) @MaxDuration(value = 365, unit = TimeUnit.DAYS)
    @JsonProperty private Duration ttl = Duration.days(7);

    @ValidationMethod(message = "jwt.secret (JWT_SECRET) must be set to at least 32 bytes, e.g. `openssl rand -hex 32`")
    public boolean isSecretLongEnough() {
        return secret != null && secret.getBytes(StandardCharsets.UTF_8).length >= MIN_SECRET_BYTES;
    }

    public JwtService build() {
        return new JwtService(secret.getBytes(StandardCharsets.UTF_8), java.time.Duration.ofMillis(ttl.toMilliseconds()),
                Clock.systemUTC());
    }
}
