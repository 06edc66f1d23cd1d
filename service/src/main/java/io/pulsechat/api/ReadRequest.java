package io.pulsechat.api;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

public record ReadRequest(@NotNull @Min(0) Long seq) {}
