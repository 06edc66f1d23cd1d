package io.pulsechat.api;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record RegisterRequest(
        @NotBlank @Size(max = 100) @StorableText String name,
        @NotBlank @Email @Size(max = 254) @StorableText String email,
        @NotNull @Size(min = 8, max = 256) @StorableText String password) {}
