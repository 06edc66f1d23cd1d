package io.pulsechat.api;

public record AuthResponse(String token, User user) {}
