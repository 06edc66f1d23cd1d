package io.pulsechat.api;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A partial update: absent fields keep their value. */
public record UpdateMeRequest(
        @Size(min = 1, max = 100) @Pattern(regexp = ".*\\S.*", message = "must not be blank") @StorableText String name,
        @Size(max = 2048) @StorableText String image) {}
