package io.pulsechat.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Argon2id cost. The defaults follow OWASP's minimum (19 MiB, 2 passes, 1 lane). */
public class PasswordFactory {
    @Min(1024) @Max(4 * 1024 * 1024) @JsonProperty private int memoryKib = 19 * 1024;
    @Min(1) @Max(10) @JsonProperty private int iterations = 2;
    @Min(1) @Max(8) @JsonProperty private int parallelism = 1;

    public PasswordHasher build() {
        return new PasswordHasher(memoryKib, iterations, parallelism);
    }
}
